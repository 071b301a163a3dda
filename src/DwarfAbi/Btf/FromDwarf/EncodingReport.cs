namespace DwarfAbi.Btf.FromDwarf;

/// <summary>
/// What the encoder did to Rust units that pahole would not have done: every type, member or
/// function it pruned or represented lossily, with the DWARF offset and the reason, and how
/// many Rust types it kept.
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

    public void Write(TextWriter writer)
    {
        foreach (var d in Decisions)
            writer.WriteLine($"0x{d.Offset:x8} {d.Subject}: {d.Action}");
        writer.WriteLine($"rust: {RustTypesKept} types kept, {RustTypesPruned} pruned, {Decisions.Count} decisions");
    }
}
