namespace DwarfAbi.Btf.FromDwarf;

/// <summary>
/// One compile unit's BTF before merging: its types numbered 1..n in pahole's per-unit order (ids
/// local to the unit, strings in its own table), and the functions and variables it offers.
/// </summary>
internal sealed class EncodedUnit
{
    /// <summary>Stands for the array index type, which is chosen only when units are merged.</summary>
    public const uint IndexTypePlaceholder = uint.MaxValue;

    public BtfData Types { get; } = new();
    /// <summary>Local id of the unit's first base type named <c>int</c>, or 0.</summary>
    public uint IntId { get; set; }
    public bool UsesIndexType { get; set; }
    public List<FunctionCandidate> Functions { get; } = [];
    public List<VariableCandidate> Variables { get; } = [];
    /// <summary>Local ids whose DIE BTF cannot express: their slots are left out when units are merged.</summary>
    public HashSet<uint> Dropped { get; } = [];
    public int RustTypesKept { get; set; }
    public List<EncodingReport.Decision> Decisions { get; } = [];
}

/// <summary>A function that may be emitted; its prototype's ids are local to its unit.</summary>
internal sealed record FunctionCandidate(string Name, BtfType Proto);

internal sealed record VariableCandidate(string Name, uint Type, uint Linkage, uint Offset, uint Size);
