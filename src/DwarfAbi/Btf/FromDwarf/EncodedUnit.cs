using DwarfAbi.IO;

namespace DwarfAbi.Btf.FromDwarf;

/// <summary>
/// One compile unit's BTF before merging: its types numbered 1..n in pahole's per-unit order (ids
/// local to the unit, strings in its own table), and the functions and variables it offers.
/// </summary>
internal sealed class EncodedUnit
{
    /// <summary>Stands for the array index type, which is chosen only when units are merged.</summary>
    public const uint IndexTypePlaceholder = uint.MaxValue;

    public BtfData Types { get; }
    public long DwarfBytes { get; }
    /// <summary>Prototypes of <see cref="Functions"/>, sharing the strings of <see cref="Types"/>; their type ids are local to the unit.</summary>
    public BtfData Prototypes { get; }

    /// <param name="debugStr">The .debug_str section of the unit's file, whose strings the unit's table names by offset.</param>
    /// <param name="dwarfBytes">Size of the unit's DWARF.</param>
    /// <param name="stores">Where the unit's record stores come from and go back to once it is merged.</param>
    public EncodedUnit(MemoryBlock debugStr, long dwarfBytes, StorePool stores)
    {
        DwarfBytes = dwarfBytes;
        var strings = new StringTable(debugStr);
        Types = stores.Rent(strings);
        Prototypes = stores.Rent(strings);
    }

    /// <summary>Local id of the unit's first base type named <c>int</c>, or 0.</summary>
    public uint IntId { get; set; }
    public bool UsesIndexType { get; set; }
    /// <summary>DECL_TAGs of the unit's structs, unions and typedefs, in table order; targets are local ids.</summary>
    public List<(uint Target, DeclTag Tag)> DeclTags { get; } = [];
    public List<FunctionCandidate> Functions { get; } = [];
    public List<VariableCandidate> Variables { get; } = [];
    /// <summary>Local ids whose DIE BTF cannot express: their slots are left out when units are merged.</summary>
    public HashSet<uint> Dropped { get; } = [];
    public int RustTypesKept { get; set; }
    /// <summary>Whether the unit is Rust's: its types are never taken for the C originals of binding copies.</summary>
    public bool IsRust { get; set; }
    /// <summary>Structs and unions of Rust bindings (local ids), which may be merged into the C types they copy.</summary>
    public List<BindingCopy> BindingCopies { get; } = [];
    public List<EncodingReport.Decision> Decisions { get; } = [];
}

/// <summary>A struct or union of a Rust binding: its type id and the offset of its DIE.</summary>
internal readonly record struct BindingCopy(uint Id, long Offset);

/// <summary>A btf_decl_tag annotation: its text and the member or parameter index it tags (-1: the whole).</summary>
internal readonly record struct DeclTag(string Value, int ComponentIdx);

/// <summary>A function that may be emitted: its prototype's id in the unit's <see cref="EncodedUnit.Prototypes"/>; its tags go on the FUNC.</summary>
internal sealed record FunctionCandidate(string Name, uint Proto, IReadOnlyList<DeclTag> Tags);

internal sealed record VariableCandidate(string Name, uint Type, uint Linkage, uint Offset, uint Size, IReadOnlyList<DeclTag> Tags);
