namespace DwarfAbi.Btf;

/// <summary>Where a record holds type ids and string offsets, in file order.</summary>
public static class BtfRefs
{
    /// <summary>Rewrites every type id a record refers to.</summary>
    public static void RemapTypes(BtfType t, Func<uint, uint> map)
    {
        switch (t.Kind)
        {
            case BtfKind.Ptr or BtfKind.Typedef or BtfKind.Volatile or BtfKind.Const or BtfKind.Restrict
                or BtfKind.Func or BtfKind.Var or BtfKind.DeclTag or BtfKind.TypeTag:
                t.SizeOrType = map(t.SizeOrType);
                break;
            case BtfKind.Array:
                t.Data[0] = map(t.Data[0]);
                t.Data[1] = map(t.Data[1]);
                break;
            case BtfKind.Struct or BtfKind.Union:
                for (int i = 0; i < t.Vlen; i++)
                    t.Data[3 * i + 1] = map(t.Data[3 * i + 1]);
                break;
            case BtfKind.FuncProto:
                t.SizeOrType = map(t.SizeOrType);
                for (int i = 0; i < t.Vlen; i++)
                    t.Data[2 * i + 1] = map(t.Data[2 * i + 1]);
                break;
            case BtfKind.Datasec:
                for (int i = 0; i < t.Vlen; i++)
                    t.Data[3 * i] = map(t.Data[3 * i]);
                break;
        }
    }

    /// <summary>Calls <paramref name="visit"/> with every type id a record refers to.</summary>
    public static void ForEachType(BtfType t, Action<uint> visit) => RemapTypes(t, id =>
    {
        visit(id);
        return id;
    });

    /// <summary>Rewrites every string offset of a record: its name, then member, enumerator and parameter names.</summary>
    public static void RemapStrings(BtfType t, Func<uint, uint> map)
    {
        t.NameOff = map(t.NameOff);
        int step = t.Kind switch
        {
            BtfKind.Struct or BtfKind.Union or BtfKind.Enum64 => 3,
            BtfKind.Enum or BtfKind.FuncProto => 2,
            _ => 0,
        };
        for (int i = 0; step != 0 && i < t.Vlen; i++)
            t.Data[step * i] = map(t.Data[step * i]);
    }

    public static void ForEachString(BtfType t, Action<uint> visit) => RemapStrings(t, off =>
    {
        visit(off);
        return off;
    });
}
