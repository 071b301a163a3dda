namespace DwarfAbi.Btf;

/// <summary>A rewrite of the type ids or string offsets of records; a struct, so that hot loops call it directly.</summary>
public interface IRefMap
{
    uint Map(uint value);
}

/// <summary>Where a record holds type ids and string offsets, in file order.</summary>
public static class BtfRefs
{
    /// <summary>Rewrites every type id a record refers to. The map must not add records to the record's object.</summary>
    public static void RemapTypes<TMap>(BtfType t, ref TMap map) where TMap : struct, IRefMap => RemapTypes(t.Record, ref map);

    /// <summary>Rewrites every string offset of a record: its name, then member, enumerator and parameter names.</summary>
    public static void RemapStrings<TMap>(BtfType t, ref TMap map) where TMap : struct, IRefMap => RemapStrings(t.Record, ref map);

    /// <summary>The type ids of one record in file layout (name offset, info, size or type, trailer).</summary>
    internal static void RemapTypes<TMap>(Span<uint> record, ref TMap map) where TMap : struct, IRefMap
    {
        var data = record[3..];
        switch (KindOf(record))
        {
            case BtfKind.Ptr or BtfKind.Typedef or BtfKind.Volatile or BtfKind.Const or BtfKind.Restrict
                or BtfKind.Func or BtfKind.Var or BtfKind.DeclTag or BtfKind.TypeTag:
                record[2] = map.Map(record[2]);
                break;
            case BtfKind.Array:
                data[0] = map.Map(data[0]);
                data[1] = map.Map(data[1]);
                break;
            case BtfKind.Struct or BtfKind.Union:
                for (int i = 1; i < data.Length; i += 3)
                    data[i] = map.Map(data[i]);
                break;
            case BtfKind.FuncProto:
                record[2] = map.Map(record[2]);
                for (int i = 1; i < data.Length; i += 2)
                    data[i] = map.Map(data[i]);
                break;
            case BtfKind.Datasec:
                for (int i = 0; i < data.Length; i += 3)
                    data[i] = map.Map(data[i]);
                break;
        }
    }

    /// <summary>The string offsets of one record in file layout.</summary>
    internal static void RemapStrings<TMap>(Span<uint> record, ref TMap map) where TMap : struct, IRefMap
    {
        record[0] = map.Map(record[0]);
        int step = KindOf(record) switch
        {
            BtfKind.Struct or BtfKind.Union or BtfKind.Enum64 => 3,
            BtfKind.Enum or BtfKind.FuncProto => 2,
            _ => 0,
        };
        for (int i = 3; step != 0 && i < record.Length; i += step)
            record[i] = map.Map(record[i]);
    }

    private static BtfKind KindOf(Span<uint> record) => (BtfKind)(record[1] >> 24 & 0x1f);

    public static void RemapTypes(BtfType t, Func<uint, uint> map)
    {
        var m = new FuncMap(map);
        RemapTypes(t, ref m);
    }

    public static void RemapStrings(BtfType t, Func<uint, uint> map)
    {
        var m = new FuncMap(map);
        RemapStrings(t, ref m);
    }

    /// <summary>Calls <paramref name="visit"/> with every type id a record refers to.</summary>
    public static void ForEachType(BtfType t, Action<uint> visit) => RemapTypes(t, id =>
    {
        visit(id);
        return id;
    });

    public static void ForEachString(BtfType t, Action<uint> visit) => RemapStrings(t, off =>
    {
        visit(off);
        return off;
    });

    private readonly struct FuncMap(Func<uint, uint> map) : IRefMap
    {
        public uint Map(uint value) => map(value);
    }
}
