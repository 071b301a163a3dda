namespace DwarfAbi.Btf;

/// <summary>
/// One BTF type record, as a view of its words in the owning <see cref="BtfData"/>: the common
/// part (name offset, info, size or type) and the kind's trailer as 32-bit words in file order.
/// Reads and writes go to the owner's store, so dedup and merging rewrite references in place
/// and a kernel's millions of records are not millions of objects.
/// </summary>
public readonly struct BtfType : IEquatable<BtfType>
{
    private readonly BtfData _owner;
    private readonly int _index;

    internal BtfType(BtfData owner, int index)
    {
        _owner = owner;
        _index = index;
    }

    private Span<uint> Words => _owner.RecordWords(_index);

    /// <summary>The whole record: name offset, info, size or type, trailer.</summary>
    internal Span<uint> Record => Words;

    public BtfKind Kind => (BtfKind)(Words[1] >> 24 & 0x1f);
    public uint NameOff
    {
        get => Words[0];
        set => Words[0] = value;
    }
    /// <summary>Number of trailer entries; FUNC keeps its linkage here.</summary>
    public int Vlen => (int)(Words[1] & 0xffff);
    public bool KFlag => (Words[1] & 1u << 31) != 0;
    /// <summary>Size for sized kinds, referenced type id for the others.</summary>
    public uint SizeOrType
    {
        get => Words[2];
        set => Words[2] = value;
    }
    /// <summary>The trailer, writable in place.</summary>
    public Span<uint> Data => Words[3..];

    public uint Info => Words[1];

    /// <summary>Record size in bytes.</summary>
    public int ByteSize => Words.Length * 4;

    public static uint MakeInfo(BtfKind kind, int vlen, bool kflag) => (kflag ? 1u << 31 : 0) | (uint)kind << 24 | (uint)vlen;

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

    public bool Equals(BtfType other) => ReferenceEquals(_owner, other._owner) && _index == other._index;
    public override bool Equals(object? obj) => obj is BtfType t && Equals(t);
    public override int GetHashCode() => HashCode.Combine(_owner, _index);
    public static bool operator ==(BtfType a, BtfType b) => a.Equals(b);
    public static bool operator !=(BtfType a, BtfType b) => !a.Equals(b);
}
