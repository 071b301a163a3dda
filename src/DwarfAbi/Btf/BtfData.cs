namespace DwarfAbi.Btf;

/// <summary>
/// A BTF object: types numbered from <see cref="StartId"/> (1, or the base's type count for split
/// BTF), a string table, and the byte order it is written in.
/// </summary>
public sealed class BtfData
{
    public BtfData(BtfData? baseBtf = null, bool bigEndian = false)
    {
        Base = baseBtf;
        BigEndian = baseBtf?.BigEndian ?? bigEndian;
        Strings = new StringTable(baseBtf?.Strings);
    }

    internal BtfData(BtfData? baseBtf, bool bigEndian, StringTable strings)
    {
        Base = baseBtf;
        BigEndian = bigEndian;
        Strings = strings;
    }

    public BtfData? Base { get; }
    public bool BigEndian { get; set; }
    public List<BtfType> Types { get; } = [];
    public StringTable Strings { get; }

    /// <summary>Id of the first type of this object (void, id 0, is never stored).</summary>
    public uint StartId => Base?.TypeCount ?? 1;

    /// <summary>Type ids in use, void included: the next id to be handed out.</summary>
    public uint TypeCount => StartId + (uint)Types.Count;

    public bool IsSplit => Base is not null;

    public uint Add(BtfType t)
    {
        Types.Add(t);
        return TypeCount - 1;
    }

    public bool Has(uint id) => id != 0 && id < TypeCount;

    /// <summary>The type with this id, from the base for ids below <see cref="StartId"/>.</summary>
    public BtfType Type(uint id)
    {
        if (id < StartId)
        {
            if (Base is null || id == 0)
                throw new DwarfAbiException($"BTF type id {id} is void or out of range");
            return Base.Type(id);
        }
        if (id >= TypeCount)
            throw new DwarfAbiException($"BTF type id {id} is out of range (last is {TypeCount - 1})");
        return Types[(int)(id - StartId)];
    }

    public string Name(uint nameOff) => Strings.Get(nameOff);
}
