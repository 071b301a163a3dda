using System.Numerics;

namespace DwarfAbi.Btf.FromDwarf;

/// <summary>
/// Appends encoded units to one BTF object as pahole's single encoder does: a unit's types, the
/// synthesized <c>int</c> index type if its arrays need one, its functions not emitted before,
/// its variables; and at the end the per-CPU DATASEC, and the Rust bindings' copies of C types
/// merged into those types (<see cref="BindingMerge"/>).
/// </summary>
internal sealed class UnitMerger
{
    private readonly BtfData _btf;
    private readonly BtfBuilder _builder;
    private readonly HashSet<string> _emittedFunctions = new(StringComparer.Ordinal);
    private readonly List<BtfBuilder.Secinfo> _percpu = [];
    /// <summary>Merged ids of Rust units' types, as [start, end) ranges in unit order.</summary>
    private readonly List<(uint Start, uint End)> _rustRanges = [];
    private readonly List<BindingCopy> _bindingCopies = [];
    // A unit's string offsets to merged ones, 0 until first met: a unit names each string many times.
    private uint[] _strings = [];
    private uint[] _ids = [];
    // .debug_str offsets (+1) and the merged offsets of their strings, by offset modulo the size: for
    // a linked kernel's merged .debug_str of a few megabytes every string has its own slot; a
    // module's unmerged one, tens of megabytes, has a copy in each unit, and this is a cache.
    // Key in the high half, value in the low one: one cache line per lookup.
    private ulong[] _debugStr = [];
    private bool _hasIndexType;
    private uint _indexType;

    private readonly long _dwarfBytes;
    private long _mergedDwarfBytes;

    /// <param name="dwarfBytes">DWARF bytes of all the units to come, by which the merged size is foreseen.</param>
    public UnitMerger(BtfData btf, long dwarfBytes)
    {
        _dwarfBytes = dwarfBytes;
        _btf = btf;
        _builder = new BtfBuilder(btf);
    }

    public void Append(EncodedUnit unit)
    {
        Foresee(unit);
        var strings = unit.Types.Strings;
        // Local id -> id in the merged object; slots of pruned types vanish (map to void).
        int count = unit.Types.Types.Count;
        if (_ids.Length < count + 1)
            _ids = new uint[Math.Max(count + 1, 2 * _ids.Length)];
        uint next = _btf.TypeCount;
        for (uint local = 1; local <= count; local++)
            _ids[local] = unit.Dropped.Count > 0 && unit.Dropped.Contains(local) ? 0 : next++;
        if (!_hasIndexType)
        {
            // The first unit that has an 'int' fixes the index type for all later units.
            _hasIndexType = unit.IntId != 0;
            _indexType = unit.IntId != 0 ? _ids[unit.IntId] : next;
        }
        var types = new TypeMap(_ids, _indexType);
        foreach (var copy in unit.BindingCopies)
            _bindingCopies.Add(copy with { Id = _ids[copy.Id] });
        uint start = _btf.TypeCount;
        if (_strings.Length < strings.Length)
            _strings = new uint[Math.Max(strings.Length, 2 * _strings.Length)];
        var names = new StringMap(this, strings);
        // Runs of kept records are copied at once, then remapped in place.
        for (int i = 0; i < count;)
        {
            if (_ids[i + 1] == 0)
            {
                i++;
                continue;
            }
            int end = i + 1;
            while (end < count && _ids[end + 1] != 0)
                end++;
            Copy(unit.Types, i, end, ref types, ref names);
            i = end;
        }
        if (unit.UsesIndexType && !_hasIndexType)
        {
            _builder.AddInt("int", 4, BtfConstants.IntSigned);
            _hasIndexType = true;
        }
        foreach (var (target, tag) in unit.DeclTags)
            _builder.AddDeclTag(tag.Value, types.Map(target), tag.ComponentIdx);
        foreach (var f in unit.Functions)
        {
            if (!_emittedFunctions.Add(f.Name))
                continue;
            int index = (int)(f.Proto - unit.Prototypes.StartId);
            uint proto = Copy(unit.Prototypes, index, index + 1, ref types, ref names);
            AddDeclTags(f.Tags, _builder.AddFunc(f.Name, proto, BtfConstants.LinkageStatic));
        }
        foreach (var v in unit.Variables)
        {
            uint id = _builder.AddVar(v.Name, types.Map(v.Type), v.Linkage);
            AddDeclTags(v.Tags, id);
            _percpu.Add(new BtfBuilder.Secinfo(id, v.Offset, v.Size));
        }
        if (unit.IsRust)
            _rustRanges.Add((start, _btf.TypeCount));
        Array.Clear(_strings, 0, strings.Length);
    }

    /// <summary>
    /// Grows the merged object once or twice rather than doubling it: a kernel's merged records
    /// are a hundred megabytes or more, and their size follows the DWARF merged so far.
    /// </summary>
    private void Foresee(EncodedUnit unit)
    {
        _mergedDwarfBytes += unit.DwarfBytes;
        var (words, starts) = _btf.Store;
        long needWords = _btf.TypeBytes / 4 + unit.Types.TypeBytes / 4 + unit.Prototypes.TypeBytes / 4 + 64 * (unit.Variables.Count + 4);
        long needRecords = _btf.Types.Count + unit.Types.Types.Count + 2 * unit.Functions.Count + 4 * unit.Variables.Count + 16;
        if (needWords <= words.Length && needRecords < starts.Length)
            return;
        // Until a tenth is merged the foresight is poor: double, as any store does.
        double scale = _mergedDwarfBytes * 10 < _dwarfBytes ? 2 : 1.15 * _dwarfBytes / _mergedDwarfBytes;
        _btf.Reserve((long)(needWords * scale) - _btf.TypeBytes / 4, (long)(needRecords * scale) - _btf.Types.Count);
    }

    private void AddDeclTags(IReadOnlyList<DeclTag> tags, uint target)
    {
        foreach (var tag in tags)
            _builder.AddDeclTag(tag.Value, target, tag.ComponentIdx);
    }

    /// <summary>Appends records [first, end) of a unit's object with merged strings and type ids; returns the first one's id.</summary>
    private uint Copy(BtfData source, int first, int end, ref TypeMap types, ref StringMap names)
    {
        int index = _btf.AddRange(source, first, end);
        var (words, starts) = _btf.Store;
        for (int r = index; r < index + (end - first); r++)
        {
            var record = words.AsSpan(starts[r], starts[r + 1] - starts[r]);
            BtfRefs.RemapStrings(record, ref names);
            BtfRefs.RemapTypes(record, ref types);
        }
        return _btf.StartId + (uint)index;
    }

    /// <summary>A unit's local type ids to merged ones; the index type placeholder to the index type.</summary>
    private readonly struct TypeMap(uint[] ids, uint indexType) : IRefMap
    {
        public uint Map(uint id) => id == EncodedUnit.IndexTypePlaceholder ? indexType : ids[id];
    }

    /// <summary>A unit's string offsets to merged ones, each added on first use.</summary>
    private readonly struct StringMap(UnitMerger merger, StringTable from) : IRefMap
    {
        public uint Map(uint off)
        {
            if (off == 0)
                return 0;
            if ((off & StringTable.External) != 0)
                return merger.DebugStr(off, from);
            ref uint slot = ref merger._strings[off];
            if (slot == 0)
                slot = merger._btf.Strings.Add(from.GetBytes(off));
            return slot;
        }
    }

    private uint DebugStr(uint off, StringTable from)
    {
        if (_debugStr.Length == 0)
            _debugStr = new ulong[BitOperations.RoundUpToPowerOf2((uint)Math.Clamp(from.ExternalLength, 1, 1 << 22))];
        uint offset = off & ~StringTable.External;
        ref ulong slot = ref _debugStr[offset & (uint)(_debugStr.Length - 1)];
        if (slot >> 32 != offset + 1)
            slot = (ulong)(offset + 1) << 32 | _btf.Strings.Add(from.GetBytes(off));
        return (uint)slot;
    }

    /// <param name="report">Given the binding copies kept apart from C types, and the number merged.</param>
    public BtfData Finish(EncodingReport? report)
    {
        if (_percpu.Count > 0)
        {
            var sorted = _percpu.OrderBy(s => s.Offset).ToList();
            var last = sorted[^1];
            _builder.AddDatasec(ElfSymbols.PercpuSection, last.Offset + last.Size, sorted);
        }
        if (_bindingCopies.Count > 0)
            BindingMerge.Run(_btf, _bindingCopies, IsFromRustUnit, report);
        return _btf;
    }

    private bool IsFromRustUnit(uint id)
    {
        foreach (var (start, end) in _rustRanges)
        {
            if (id >= start && id < end)
                return true;
        }
        return false;
    }
}
