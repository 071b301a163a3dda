namespace DwarfAbi.Btf;

/// <summary>Byte sizes of BTF types, through modifiers and arrays.</summary>
public static class BtfSizes
{
    /// <summary>Size of a type in bytes; 0 for void, FWD, FUNC_PROTO and anything unsized or cyclic.</summary>
    public static ulong SizeOf(BtfData btf, uint id, int pointerSize)
    {
        ulong multiplier = 1;
        for (int depth = 0; depth < 64 && id != 0 && btf.Has(id); depth++)
        {
            var t = btf.Type(id);
            switch (t.Kind)
            {
                case BtfKind.Int or BtfKind.Struct or BtfKind.Union or BtfKind.Enum or BtfKind.Enum64 or BtfKind.Float or BtfKind.Datasec:
                    return multiplier * t.SizeOrType;
                case BtfKind.Ptr:
                    return multiplier * (ulong)pointerSize;
                case BtfKind.Array:
                    multiplier *= t.ArrayCount;
                    id = t.ArrayElem;
                    break;
                case BtfKind.Typedef or BtfKind.Const or BtfKind.Volatile or BtfKind.Restrict or BtfKind.TypeTag or BtfKind.Var:
                    id = t.SizeOrType;
                    break;
                default:
                    return 0;
            }
        }
        return 0;
    }
}
