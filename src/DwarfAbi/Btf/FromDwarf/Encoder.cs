using DwarfAbi.Dwarf;
using DwarfAbi.Elf;
using DwarfAbi.IO;

namespace DwarfAbi.Btf.FromDwarf;

/// <summary>
/// DWARF to BTF, before dedup: units are encoded in parallel and appended in unit order so that
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
        long dwarfBytes = units.Sum(u => (long)(u.End - u.Offset));
        var stores = new StorePool();
        var merger = new OrderedMerge(new UnitMerger(new BtfData(baseBtf, elf.BigEndian), dwarfBytes), units.Length, report, stores);
        int next = -1;
        int jobs = Math.Max(1, Math.Min(options.Jobs, units.Length));
        // Workers take units in order, so the merge can follow close behind the encoding.
        Parallelism.For(jobs, jobs, () => 0, (_, _, n) =>
        {
            for (int i; (i = Interlocked.Increment(ref next)) < units.Length;)
                merger.Offer(i, UnitEncoder.Encode(units[i], options, symbols, stores));
            return n;
        }, _ => { });
        return merger.Finish();
    }

    /// <summary>
    /// Appends encoded units in unit order as they arrive from any thread: whoever finds the lock
    /// free appends every unit that is ready, and a unit is dropped once appended.
    /// </summary>
    private sealed class OrderedMerge(UnitMerger merger, int count, EncodingReport? report, StorePool stores)
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
            while (_next < _ready.Length && Volatile.Read(ref _ready[_next]) is { } unit)
            {
                if (report is not null)
                {
                    report.Decisions.AddRange(unit.Decisions);
                    report.RustTypesKept += unit.RustTypesKept;
                    report.RustTypesPruned += unit.Dropped.Count;
                }
                merger.Append(unit);
                stores.Return(unit.Types);
                stores.Return(unit.Prototypes);
                _ready[_next++] = null;
            }
        }
    }

    private static bool IsExcluded(Unit unit, EncoderOptions options) =>
        options.ExcludedLanguages.Count > 0 && unit.Root.Constant(DwAt.Language) is { } lang && options.ExcludedLanguages.Contains(lang);
}
