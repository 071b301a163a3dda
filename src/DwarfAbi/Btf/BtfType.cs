namespace DwarfAbi.Btf;

/// <summary>
/// One BTF type record as stored: the common part (name offset, info, size or type) and the
/// kind's trailer as 32-bit words in file order. Kept mutable so that dedup and merging can
/// rewrite references in place.
/// </summary>
public sealed class BtfType
{
    public BtfType(BtfKind kind, uint nameOff, int vlen, bool kflag, uint sizeOrType, uint[] data)
    {
        Kind = kind;
        NameOff = nameOff;
        Vlen = vlen;
        KFlag = kflag;
        SizeOrType = sizeOrType;
        Data = data;
    }

    public BtfKind Kind { get; }
    public uint NameOff { get; set; }
    /// <summary>Number of trailer entries; FUNC keeps its linkage here.</summary>
    public int Vlen { get; }
    public bool KFlag { get; }
    /// <summary>Size for sized kinds, referenced type id for the others.</summary>
    public uint SizeOrType { get; set; }
    public uint[] Data { get; }

    public uint Info => (KFlag ? 1u << 31 : 0) | (uint)Kind << 24 | (uint)Vlen;

    /// <summary>Record size in bytes.</summary>
    public int ByteSize => 12 + Data.Length * 4;

    public bool IsStructOrUnion => Kind is BtfKind.Struct or BtfKind.Union;
    public bool IsAnyEnum => Kind is BtfKind.Enum or BtfKind.Enum64;
    public bool IsModifier => Kind is BtfKind.Typedef or BtfKind.Volatile or BtfKind.Const or BtfKind.Restrict or BtfKind.TypeTag;

    /// <summary>Whether <see cref="SizeOrType"/> holds a size rather than a type id.</summary>
    public bool HasSize => Kind is BtfKind.Int or BtfKind.Struct or BtfKind.Union or BtfKind.Enum or BtfKind.Enum64
        or BtfKind.Datasec or BtfKind.Float;

    /// <summary>Words per trailer entry for kinds whose trailer is a list.</summary>
    public static int EntryWords(BtfKind kind) => kind switch
    {
        BtfKind.Struct or BtfKind.Union or BtfKind.Datasec or BtfKind.Enum64 => 3,
        BtfKind.Enum or BtfKind.FuncProto => 2,
        _ => 0,
    };

    public BtfType Clone() => new(Kind, NameOff, Vlen, KFlag, SizeOrType, (uint[])Data.Clone());

    // Views of the trailer, by kind.
    public uint IntData => Data[0];
    public uint IntEncoding => Data[0] >> 24 & 0xf;
    public uint IntOffset => Data[0] >> 16 & 0xff;
    public uint IntBits => Data[0] & 0xff;
    public uint ArrayElem => Data[0];
    public uint ArrayIndex => Data[1];
    public uint ArrayCount => Data[2];
    public uint MemberName(int i) => Data[3 * i];
    public uint MemberType(int i) => Data[3 * i + 1];
    public uint MemberOffsetWord(int i) => Data[3 * i + 2];
    public uint MemberBitOffset(int i) => KFlag ? Data[3 * i + 2] & 0xffffff : Data[3 * i + 2];
    public uint MemberBitfieldSize(int i) => KFlag ? Data[3 * i + 2] >> 24 : 0;
    public uint EnumName(int i) => Kind == BtfKind.Enum64 ? Data[3 * i] : Data[2 * i];
    public long EnumValue(int i) => Kind == BtfKind.Enum64
        ? (long)((ulong)Data[3 * i + 2] << 32 | Data[3 * i + 1])
        : KFlag ? (int)Data[2 * i + 1] : Data[2 * i + 1];
    public uint ParamName(int i) => Data[2 * i];
    public uint ParamType(int i) => Data[2 * i + 1];
    public uint VarLinkage => Data[0];
    public uint SecinfoType(int i) => Data[3 * i];
    public uint SecinfoOffset(int i) => Data[3 * i + 1];
    public uint SecinfoSize(int i) => Data[3 * i + 2];
    public int DeclTagComponent => (int)Data[0];
}
