using DwarfAbi.Dwarf;
using DwarfAbi.Elf;
using DwarfAbi.IO;

namespace DwarfAbi.Btf.FromDwarf;

/// <summary>
/// DWARF to BTF: units are encoded in parallel and appended in unit order so that the result does
/// not depend on the number of threads. Cross-unit state (the array index type, which functions
/// were already emitted, the per-CPU DATASEC) lives only in the merge.
/// </summary>
public static class Encoder
{
    /// <summary>The BTF before dedup.</summary>
    /// <param name="report">Filled with the Rust pruning decisions and counts, in unit order.</param>
    public static BtfData Encode(ElfFile elf, DwarfData dwarf, EncoderOptions options, BtfData? baseBtf = null, EncodingReport? report = null) =>
        Run(elf, dwarf, options, baseBtf, report, deduplicate: false);

    /// <summary>
    /// The deduplicated BTF, <c>Dedup.Run(Encode(...))</c>, with dedup's first passes following
    /// the merge on the encoding threads rather than waiting for the last unit.
    /// </summary>
    public static BtfData EncodeDeduplicated(ElfFile elf, DwarfData dwarf, EncoderOptions options, BtfData? baseBtf = null, EncodingReport? report = null) =>
        Run(elf, dwarf, options, baseBtf, report, deduplicate: true);

    private static BtfData Run(ElfFile elf, DwarfData dwarf, EncoderOptions options, BtfData? baseBtf, EncodingReport? report, bool deduplicate)
    {
        var symbols = new ElfSymbols(elf);
        var units = dwarf.Units.Where(u => !u.IsTypeUnit && !IsExcluded(u, options)).ToArray();
        long dwarfBytes = units.Sum(u => (long)u.Length);
        var merged = new BtfData(baseBtf, elf.BigEndian);
        // A module's split BTF is deduplicated after its encoding: its dedup is short beside the
        // encoding, and one on top of a base meets the base's enum forward declarations, whose
        // late re-pointing makes a dedup alongside start over. So is BTF with Rust: the bindings'
        // copies are merged into C types after the last unit, which renumbers types.
        var dedup = deduplicate && baseBtf is null && !MayHoldRust(elf) ? Dedup.Begin(merged) : null;
        var stores = new StorePool();
        var merger = new OrderedMerge(new UnitMerger(merged, dwarfBytes), units.Length, report, stores, dedup);
        int next = -1;
        // Workers take units in order, so the merge can follow close behind the encoding; their
        // stacks are large for dedup's walks, which run on whichever worker merges. After a
        // failure (a corrupt unit) the others stop taking units.
        Parallelism.OnLargeStacks(Math.Max(1, Math.Min(options.Jobs, units.Length)), () =>
        {
            try
            {
                for (int i; (i = Interlocked.Increment(ref next)) < units.Length;)
                    merger.Offer(i, UnitEncoder.Encode(units[i], options, symbols, stores));
            }
            catch
            {
                Volatile.Write(ref next, units.Length);
                throw;
            }
        });
        var btf = merger.Finish();
        if (!deduplicate)
            return btf;
        return dedup is null ? Dedup.Run(btf) : Parallelism.OnLargeStack(dedup.Finish);
    }

    /// <summary>
    /// Appends encoded units in unit order as they arrive from any thread: whoever finds the lock
    /// free appends every unit that is ready (and takes them through dedup's first passes), and a
    /// unit is dropped once appended.
    /// </summary>
    private sealed class OrderedMerge(UnitMerger merger, int count, EncodingReport? report, StorePool stores, Dedup? dedup)
    {
        private readonly EncodedUnit?[] _ready = new EncodedUnit?[count];
        private int _next;

        public void Offer(int index, EncodedUnit unit)
        {
            Volatile.Write(ref _ready[index], unit);
            if (Monitor.TryEnter(this))
            {
                try
                {
                    AppendReady();
                }
                finally
                {
                    Monitor.Exit(this);
                }
            }
        }

        public BtfData Finish()
        {
            lock (this)
            {
                AppendReady();
                if (_next != _ready.Length)
                    throw new InvalidOperationException($"unit {_next} was never encoded");
                return merger.Finish(report);
            }
        }

        private void AppendReady()
        {
            int first = _next;
            while (_next < _ready.Length && Volatile.Read(ref _ready[_next]) is { } unit)
            {
                if (report is not null)
                {
                    report.Decisions.AddRange(unit.Decisions);
                    report.RustTypesKept += unit.RustTypesKept;
                    report.RustTypesPruned += unit.Dropped.Count;
                }
                // A Rust unit the .comment section did not announce: dedup starts over at the end.
                if (unit.IsRust)
                    dedup?.Abandon();
                merger.Append(unit);
                stores.Return(unit.Types);
                stores.Return(unit.Prototypes);
                _ready[_next++] = null;
            }
            if (_next != first)
                dedup?.Advance();
        }
    }

    /// <summary>
    /// Whether rustc compiled part of the file, as its .comment section tells: a glance, where
    /// reading every unit's language would parse every unit's abbreviations on one thread first.
    /// </summary>
    private static bool MayHoldRust(ElfFile elf) =>
        elf.FindSection(".comment") is { } comment && elf.Data(comment).Span.IndexOf("rustc version"u8) >= 0;

    private static bool IsExcluded(Unit unit, EncoderOptions options) =>
        options.ExcludedLanguages.Count > 0 && unit.Root.Constant(DwAt.Language) is { } lang && options.ExcludedLanguages.Contains(lang);
}
