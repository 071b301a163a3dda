using DwarfAbi.IO;

namespace DwarfAbi.Dwarf;

/// <summary>One attribute specification of an abbreviation.</summary>
public readonly record struct AttributeSpec(ushort Name, ushort Form, long ImplicitConst);

/// <summary>An abbreviation: the shape every DIE with its code shares.</summary>
public readonly struct Abbrev
{
    internal Abbrev(ulong code, ushort tag, bool hasChildren, int specStart, int specCount, int fixedSize, int siblingIndex)
    {
        Code = code;
        Tag = tag;
        HasChildren = hasChildren;
        SpecStart = specStart;
        SpecCount = specCount;
        FixedSize = fixedSize;
        SiblingIndex = siblingIndex;
    }

    public ulong Code { get; }
    public ushort Tag { get; }
    public bool HasChildren { get; }
    internal int SpecStart { get; }
    public int SpecCount { get; }

    /// <summary>Total size of the attribute values when every form has a fixed size, else -1.</summary>
    internal int FixedSize { get; }

    /// <summary>Position of DW_AT_sibling among the specs, or -1.</summary>
    internal int SiblingIndex { get; }

    public bool IsNull => Code == 0;
}

/// <summary>
/// The abbreviations at one offset of <c>.debug_abbrev</c>, parsed once. Attribute specs of all
/// abbreviations share one array; codes, which compilers number densely from 1, index another.
/// </summary>
public sealed class AbbrevTable
{
    private readonly Abbrev[] _dense;
    private readonly Dictionary<ulong, Abbrev>? _sparse;
    private readonly AttributeSpec[] _specs;

    private AbbrevTable(Abbrev[] dense, Dictionary<ulong, Abbrev>? sparse, AttributeSpec[] specs)
    {
        _dense = dense;
        _sparse = sparse;
        _specs = specs;
    }

    public ReadOnlySpan<AttributeSpec> Specs(Abbrev a) => _specs.AsSpan(a.SpecStart, a.SpecCount);

    public bool TryGet(ulong code, out Abbrev abbrev)
    {
        if (code < (ulong)_dense.Length)
        {
            abbrev = _dense[code];
            return !abbrev.IsNull;
        }
        if (_sparse is not null)
            return _sparse.TryGetValue(code, out abbrev);
        abbrev = default;
        return false;
    }

    public static AbbrevTable Parse(ReadOnlySpan<byte> section, ulong offset, FormSizes sizes)
    {
        if (offset >= (ulong)section.Length)
            throw new DwarfAbiException($"abbreviation offset 0x{offset:x} is outside .debug_abbrev (size 0x{section.Length:x})", (long)offset);
        var r = new SpanReader(section, false, (int)offset);
        var list = new List<Abbrev>();
        var specs = new List<AttributeSpec>();
        var seen = new HashSet<ulong>();
        while (true)
        {
            ulong code = r.Uleb();
            if (code == 0)
                break;
            int at = r.Position;
            ulong tag = r.Uleb();
            bool children = r.U8() != 0;
            int start = specs.Count;
            int fixedSize = 0;
            int sibling = -1;
            while (true)
            {
                ulong name = r.Uleb();
                ulong form = r.Uleb();
                if (name == 0 && form == 0)
                    break;
                if (name > ushort.MaxValue || form > ushort.MaxValue)
                    throw new DwarfAbiException($"abbreviation {code}: attribute 0x{name:x} or form 0x{form:x} out of range", r.Position);
                long implicitConst = form == DwForm.ImplicitConst ? r.Sleb() : 0;
                if (name == DwAt.Sibling)
                    sibling = specs.Count - start;
                specs.Add(new AttributeSpec((ushort)name, (ushort)form, implicitConst));
                int size = sizes.FixedSize((ushort)form);
                fixedSize = size < 0 || fixedSize < 0 ? -1 : fixedSize + size;
            }
            if (tag > ushort.MaxValue)
                throw new DwarfAbiException($"abbreviation {code}: tag 0x{tag:x} out of range", at);
            if (!seen.Add(code))
                throw new DwarfAbiException($"abbreviation code {code} defined twice", at);
            list.Add(new Abbrev(code, (ushort)tag, children, start, specs.Count - start, fixedSize, sibling));
        }

        ulong max = list.Count == 0 ? 0 : list.Max(a => a.Code);
        if (max < (ulong)list.Count * 2 + 64)
        {
            var dense = new Abbrev[max + 1];
            foreach (var a in list)
                dense[a.Code] = a;
            return new AbbrevTable(dense, null, [.. specs]);
        }
        return new AbbrevTable([], list.ToDictionary(a => a.Code), [.. specs]);
    }
}
