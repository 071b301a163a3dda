namespace DwarfAbi.Btf.FromDwarf;

/// <summary>
/// Merges the Rust bindings' copies of C structs and unions into the C types, before dedup.
/// bindgen re-declares every C type Rust code uses, with Rust's base types instead of C's
/// typedefs, bitfields packed into byte arrays and padding members added, so BTF dedup, which
/// merges only identical graphs, keeps both. The rule, applied to each struct or union a Rust unit
/// declares in a bindings namespace (<see cref="UnitTypeTable.IsBinding"/>):
/// <list type="number">
/// <item>The candidates are the structs and unions of its kind and name outside Rust units: those
/// of the object's C units and, for split BTF, every one of the base. With none, it is a Rust type
/// and stays as it is.</item>
/// <item>It is kept apart, with the reason in the report, when no candidate has its byte size,
/// when the candidates of its size have more than one layout (member names and offsets), or when
/// one of its members is not a member of that layout at the same bit offset. bindgen's own members
/// (<c>__bindgen_*</c>, <c>_bindgen_*</c>, <c>_bitfield_*</c>) are not compared, and a trailing
/// <c>_</c> (bindgen's escape of a Rust keyword such as <c>type</c>) may be left off.</item>
/// <item>Otherwise the copy is removed and every reference to it refers to the candidate of the
/// lowest id instead: the C type dedup keeps.</item>
/// </list>
/// Types only the removed copies referred to (bindgen's anonymous member types) stay: they are
/// Rust types pahole writes too. Objects without Rust bindings are not touched.
/// </summary>
internal static class BindingMerge
{
    public static void Run(BtfData btf, IReadOnlyList<BindingCopy> copies, Func<uint, bool> isRust, EncodingReport? report)
    {
        var candidates = Candidates(btf, copies, isRust);
        var merged = new Dictionary<uint, uint>();
        foreach (var copy in copies)
        {
            var t = btf.Type(copy.Id);
            string name = btf.Name(t.NameOff);
            if (!candidates.TryGetValue((t.Kind, name), out var ids))
                continue;
            if (Target(btf, t, ids) is { } target)
                merged[copy.Id] = target;
            else
                report?.Decisions.Add(new EncodingReport.Decision(copy.Offset, $"{Tag(t)} {name}", $"kept apart from the C {Kind(t)}: {Reason(btf, t, ids)}"));
        }
        if (report is not null)
            report.BindingCopiesMerged += merged.Count;
        if (merged.Count > 0)
            Remove(btf, merged);
    }

    /// <summary>Ids of the structs and unions outside Rust units, by kind and name, for the names of the copies; base first, in id order.</summary>
    private static Dictionary<(BtfKind, string), List<uint>> Candidates(BtfData btf, IReadOnlyList<BindingCopy> copies, Func<uint, bool> isRust)
    {
        // Names of this object's types are offsets of one table with no string twice; the base's are compared as text.
        var wanted = new HashSet<uint>();
        var wantedNames = new HashSet<string>(StringComparer.Ordinal);
        foreach (var copy in copies)
        {
            uint off = btf.Type(copy.Id).NameOff;
            wanted.Add(off);
            wantedNames.Add(btf.Name(off));
        }
        var byName = new Dictionary<(BtfKind, string), List<uint>>();
        for (uint id = 1; id < btf.TypeCount; id++)
        {
            bool own = id >= btf.StartId;
            var t = btf.Type(id);
            if (!t.IsStructOrUnion || t.NameOff == 0 || !(own ? wanted.Contains(t.NameOff) : wantedNames.Contains(btf.Name(t.NameOff))))
                continue;
            if (own && isRust(id))
                continue;
            var key = (t.Kind, btf.Name(t.NameOff));
            if (!byName.TryGetValue(key, out var list))
                byName[key] = list = [];
            list.Add(id);
        }
        return byName;
    }

    /// <summary>The C type the copy is merged into, or null when it is kept apart.</summary>
    private static uint? Target(BtfData btf, BtfType copy, List<uint> ids)
    {
        var (first, layouts) = SizedCandidates(btf, copy, ids);
        return first is { } f && layouts == 1 && MissingMember(btf, copy, btf.Type(f)) is null ? f : null;
    }

    private static string Reason(BtfData btf, BtfType copy, List<uint> ids)
    {
        var (first, layouts) = SizedCandidates(btf, copy, ids);
        if (first is not { } f)
        {
            var sizes = ids.Select(id => btf.Type(id).SizeOrType).Distinct().Order();
            return $"it has {copy.SizeOrType} bytes, the C {Kind(copy)} of this name {string.Join(" or ", sizes)}";
        }
        if (layouts > 1)
            return $"{layouts} C {Kind(copy)}s of this name and its {copy.SizeOrType} bytes have different members";
        return MissingMember(btf, copy, btf.Type(f))!;
    }

    /// <summary>The first candidate of the copy's byte size, and how many layouts the candidates of that size have.</summary>
    private static (uint? First, int Layouts) SizedCandidates(BtfData btf, BtfType copy, List<uint> ids)
    {
        uint? first = null;
        var layouts = new List<BtfType>();
        foreach (uint id in ids)
        {
            var c = btf.Type(id);
            if (c.SizeOrType != copy.SizeOrType)
                continue;
            first ??= id;
            if (!layouts.Any(l => SameLayout(btf, l, c)))
                layouts.Add(c);
        }
        return (first, layouts.Count);
    }

    /// <summary>What dedup's shallow comparison of structs looks at: size and each member's name and offset.</summary>
    private static bool SameLayout(BtfData btf, BtfType a, BtfType b)
    {
        if (a.SizeOrType != b.SizeOrType || a.Vlen != b.Vlen || a.KFlag != b.KFlag)
            return false;
        for (int i = 0; i < a.Vlen; i++)
        {
            if (a.MemberOffsetWord(i) != b.MemberOffsetWord(i) || btf.Name(a.MemberName(i)) != btf.Name(b.MemberName(i)))
                return false;
        }
        return true;
    }

    /// <summary>Why a member of the copy is not a member of the C type at the same bit offset; null when all are.</summary>
    private static string? MissingMember(BtfData btf, BtfType copy, BtfType c)
    {
        var members = new Dictionary<string, uint>(StringComparer.Ordinal);
        for (int i = 0; i < c.Vlen; i++)
        {
            if (c.MemberName(i) != 0)
                members.TryAdd(btf.Name(c.MemberName(i)), c.MemberBitOffset(i));
        }
        for (int i = 0; i < copy.Vlen; i++)
        {
            string name = copy.MemberName(i) == 0 ? "" : btf.Name(copy.MemberName(i));
            if (name.Length == 0 || IsBindgenMember(name))
                continue;
            uint offset = copy.MemberBitOffset(i);
            if (members.TryGetValue(name, out uint at) && at == offset)
                continue;
            if (name.EndsWith('_') && members.TryGetValue(name[..^1], out at) && at == offset)
                continue;
            return $"its member {name} at bit {offset} is not a member of the C {Kind(copy)} at that offset";
        }
        return null;
    }

    /// <summary>
    /// Members bindgen adds rather than takes from C: <c>__bindgen_anon_N</c> for anonymous
    /// members, <c>__bindgen_padding_N</c>, <c>_bitfield_N</c> and <c>_bitfield_align_N</c> for
    /// packed bitfields, and <c>_bindgen_opaque_blob</c>, the bytes of a type it was told to keep
    /// opaque, which keep the C type's size and alignment.
    /// </summary>
    private static bool IsBindgenMember(string name) =>
        name.StartsWith("__bindgen_", StringComparison.Ordinal) || name.StartsWith("_bindgen_", StringComparison.Ordinal)
        || name.StartsWith("_bitfield_", StringComparison.Ordinal);

    /// <summary>Drops the merged copies and renumbers the rest, each reference to a copy going to its C type.</summary>
    private static void Remove(BtfData btf, Dictionary<uint, uint> merged)
    {
        uint start = btf.StartId;
        var map = new uint[btf.Types.Count];
        uint next = start;
        for (int i = 0; i < map.Length; i++)
            map[i] = merged.ContainsKey(start + (uint)i) ? 0 : next++;
        foreach (var (copy, target) in merged)
            map[copy - start] = target < start ? target : map[target - start];
        uint Map(uint id) => id < start ? id : map[id - start];
        foreach (var t in btf.Types)
            BtfRefs.RemapTypes(t, Map);
        btf.RemoveWhere(merged.ContainsKey);
    }

    private static string Kind(BtfType t) => t.Kind == BtfKind.Union ? "union" : "struct";

    private static string Tag(BtfType t) => t.Kind == BtfKind.Union ? "DW_TAG_union_type" : "DW_TAG_structure_type";
}
