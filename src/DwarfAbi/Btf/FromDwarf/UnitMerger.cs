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
    private bool _hasIndexType;
    private uint _indexType;

    public UnitMerger(BtfData btf)
    {
        _btf = btf;
        _builder = new BtfBuilder(btf);
    }

    public void Append(EncodedUnit unit)
    {
        var strings = unit.Types.Strings;
        // Local id -> id in the merged object; slots of pruned types vanish (map to void).
        var ids = new uint[unit.Types.Types.Count + 1];
        uint next = _btf.TypeCount;
        for (uint local = 1; local < ids.Length; local++)
            ids[local] = unit.Dropped.Contains(local) ? 0 : next++;
        if (!_hasIndexType)
        {
            // The first unit that has an 'int' fixes the index type for all later units.
            _hasIndexType = unit.IntId != 0;
            _indexType = unit.IntId != 0 ? ids[unit.IntId] : next;
        }
        uint Map(uint id) => id == EncodedUnit.IndexTypePlaceholder ? _indexType : ids[id];
        foreach (var copy in unit.BindingCopies)
            _bindingCopies.Add(copy with { Id = ids[copy.Id] });
        uint start = _btf.TypeCount;
        uint Str(uint off) => off == 0 ? 0 : _btf.Strings.Add(strings.GetBytes(off));
        for (int i = 0; i < unit.Types.Types.Count; i++)
        {
            if (ids[i + 1] != 0)
                Add(unit.Types.Types[i], Map, Str);
        }
        if (unit.UsesIndexType && !_hasIndexType)
        {
            _builder.AddInt("int", 4, BtfConstants.IntSigned);
            _hasIndexType = true;
        }
        foreach (var (target, tag) in unit.DeclTags)
            _builder.AddDeclTag(tag.Value, Map(target), tag.ComponentIdx);
        foreach (var f in unit.Functions)
        {
            if (!_emittedFunctions.Add(f.Name))
                continue;
            uint proto = Add(unit.Prototypes.Type(f.Proto), Map, Str);
            AddDeclTags(f.Tags, _builder.AddFunc(f.Name, proto, BtfConstants.LinkageStatic));
        }
        foreach (var v in unit.Variables)
        {
            uint id = _builder.AddVar(v.Name, Map(v.Type), v.Linkage);
            AddDeclTags(v.Tags, id);
            _percpu.Add(new BtfBuilder.Secinfo(id, v.Offset, v.Size));
        }
        if (unit.IsRust)
            _rustRanges.Add((start, _btf.TypeCount));
    }

    private void AddDeclTags(IReadOnlyList<DeclTag> tags, uint target)
    {
        foreach (var tag in tags)
            _builder.AddDeclTag(tag.Value, target, tag.ComponentIdx);
    }

    private uint Add(BtfType t, Func<uint, uint> map, Func<uint, uint> str)
    {
        uint id = _btf.Add(t);
        var added = _btf.Type(id);
        BtfRefs.RemapStrings(added, str);
        BtfRefs.RemapTypes(added, map);
        return id;
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
