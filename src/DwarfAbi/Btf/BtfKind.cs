namespace DwarfAbi.Btf;

/// <summary>The BTF kinds of <c>include/uapi/linux/btf.h</c>.</summary>
public enum BtfKind : byte
{
    Unknown = 0,
    Int = 1,
    Ptr = 2,
    Array = 3,
    Struct = 4,
    Union = 5,
    Enum = 6,
    Fwd = 7,
    Typedef = 8,
    Volatile = 9,
    Const = 10,
    Restrict = 11,
    Func = 12,
    FuncProto = 13,
    Var = 14,
    Datasec = 15,
    Float = 16,
    DeclTag = 17,
    TypeTag = 18,
    Enum64 = 19,
}

public static class BtfConstants
{
    public const ushort Magic = 0xEB9F;
    public const int HeaderLength = 24;
    public const uint MaxTypeId = 0xFFFFF;
    public const uint MaxStringOffset = 0xFFFFFF;
    public const int MaxVlen = 0xFFFF;
    public const BtfKind MaxKind = BtfKind.Enum64;

    public const uint IntSigned = 1;
    public const uint IntChar = 2;
    public const uint IntBool = 4;

    public const ushort LinkageStatic = 0;
    public const ushort LinkageGlobal = 1;
    public const ushort LinkageExtern = 2;
}

public static class BtfKindNames
{
    private static readonly string[] Names =
    [
        "UNKN", "INT", "PTR", "ARRAY", "STRUCT", "UNION", "ENUM", "FWD", "TYPEDEF", "VOLATILE",
        "CONST", "RESTRICT", "FUNC", "FUNC_PROTO", "VAR", "DATASEC", "FLOAT", "DECL_TAG", "TYPE_TAG", "ENUM64",
    ];

    public static string Name(BtfKind kind) => (int)kind < Names.Length ? Names[(int)kind] : "UNKN";

    /// <summary>Bytes a record of this kind takes after its 12-byte common part, or -1 for kinds unknown here.</summary>
    public static int TrailerSize(BtfKind kind, int vlen) => kind switch
    {
        BtfKind.Int or BtfKind.Var or BtfKind.DeclTag => 4,
        BtfKind.Array => 12,
        BtfKind.Struct or BtfKind.Union or BtfKind.Datasec or BtfKind.Enum64 => 12 * vlen,
        BtfKind.Enum or BtfKind.FuncProto => 8 * vlen,
        BtfKind.Ptr or BtfKind.Fwd or BtfKind.Typedef or BtfKind.Volatile or BtfKind.Const or BtfKind.Restrict
            or BtfKind.Func or BtfKind.Float or BtfKind.TypeTag => 0,
        _ => -1,
    };
}
