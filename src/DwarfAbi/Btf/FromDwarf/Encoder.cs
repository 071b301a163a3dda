using DwarfAbi.Dwarf;
using DwarfAbi.Elf;
using DwarfAbi.IO;

namespace DwarfAbi.Btf.FromDwarf;

/// <summary>
/// DWARF to BTF, before dedup: units are encoded in parallel, then appended in unit order so that
/// the result does not depend on the number of threads. Cross-unit state (the array index type,
/// which functions were already emitted, the per-CPU DATASEC) lives only in the merge.
/// </summary>
public static class Encoder
{
    /// <param name="report">Filled with the Rust pruning decisions and counts, in unit order.</param>
    public static BtfData Encode(ElfFile elf, DwarfData dwarf, EncoderOptions options, BtfData? baseBtf = null, EncodingReport? report = null)
    {
        var symbols = new ElfSymbols(elf);
        var units = dwarf.Units.Where(u => !u.IsTypeUnit && !IsExcluded(u, options)).ToArray();
        var encoded = new EncodedUnit[units.Length];
        Parallelism.For(units.Length, options.Jobs, () => 0, (i, _, n) =>
        {
            encoded[i] = UnitEncoder.Encode(units[i], options, symbols);
            return n;
        }, _ => { });
        var merger = new UnitMerger(new BtfData(baseBtf, elf.BigEndian));
        for (int i = 0; i < encoded.Length; i++)
        {
            if (report is not null)
            {
                report.Decisions.AddRange(encoded[i].Decisions);
                report.RustTypesKept += encoded[i].RustTypesKept;
                report.RustTypesPruned += encoded[i].Dropped.Count;
            }
            merger.Append(encoded[i]);
            encoded[i] = null!;
        }
        return merger.Finish();
    }

    private static bool IsExcluded(Unit unit, EncoderOptions options) =>
        options.ExcludedLanguages.Count > 0 && unit.Root.Constant(DwAt.Language) is { } lang && options.ExcludedLanguages.Contains(lang);
}
