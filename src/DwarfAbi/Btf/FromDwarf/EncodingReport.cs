namespace DwarfAbi.Btf.FromDwarf;

/// <summary>
/// What the encoder did to Rust units that pahole would not have done: every type, member or
/// function it pruned or represented lossily and every binding copy of a C type it kept apart
/// from the C type, with the DWARF offset and the reason, and how many Rust types it kept and
/// merged into C types.
/// </summary>
public sealed class EncodingReport
{
    /// <summary>One decision about the DIE at <paramref name="Offset"/> (of <c>.debug_info</c>).</summary>
    public sealed record Decision(long Offset, string Subject, string Action);

    public List<Decision> Decisions { get; } = [];
    /// <summary>Type records written for Rust units, before dedup.</summary>
    public int RustTypesKept { get; set; }
    /// <summary>Type DIEs of Rust units left out because BTF cannot express them.</summary>
    public int RustTypesPruned { get; set; }
    /// <summary>Structs and unions of Rust bindings merged into the C types they copy (counted among the kept before).</summary>
    public int BindingCopiesMerged { get; set; }

    public void Write(TextWriter writer)
    {
        foreach (var d in Decisions)
            writer.WriteLine($"0x{d.Offset:x8} {d.Subject}: {d.Action}");
        writer.WriteLine($"rust: {RustTypesKept} types kept, {RustTypesPruned} pruned, {BindingCopiesMerged} binding copies merged into C types, {Decisions.Count} decisions");
    }
}
