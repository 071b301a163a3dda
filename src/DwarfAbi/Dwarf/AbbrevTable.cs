using DwarfAbi.IO;

namespace DwarfAbi.Dwarf;

/// <summary>One attribute specification of an abbreviation.</summary>
public readonly record struct AttributeSpec(ushort Name, ushort Form, long ImplicitConst);

/// <summary>An abbreviation: the shape every DIE with its code shares. One object per code, shared by all its DIEs.</summary>
public sealed class Abbrev
{
    /// <summary>The abbreviation of the null entry that ends a list of siblings.</summary>
    public static readonly Abbrev Null = new(0, 0, false, [], 0, -1);

    internal Abbrev(ulong code, ushort tag, bool hasChildren, AttributeSpec[] specs, int fixedSize, int siblingIndex)
    {
        Code = code;
        Tag = tag;
        HasChildren = hasChildren;
        Specs = specs;
        FixedSize = fixedSize;
        SiblingIndex = siblingIndex;
    }

    public ulong Code { get; }
    public ushort Tag { get; }
    public bool HasChildren { get; }
    public AttributeSpec[] Specs { get; }
    public int SpecCount => Specs.Length;

    /// <summary>Total size of the attribute values when every form has a fixed size, else -1.</summary>
    internal int FixedSize { get; }

    /// <summary>Position of DW_AT_sibling among the specs, or -1.</summary>
    internal int SiblingIndex { get; }

    public bool IsNull => Code == 0;
}

/// <summary>
/// The abbreviations at one offset of <c>.debug_abbrev</c>, parsed once. Codes, which compilers
/// number densely from 1, index an array.
/// </summary>
public sealed class AbbrevTable
{
    private readonly Abbrev?[] _dense;
    private readonly Dictionary<ulong, Abbrev>? _sparse;

    private AbbrevTable(Abbrev?[] dense, Dictionary<ulong, Abbrev>? sparse)
    {
        _dense = dense;
        _sparse = sparse;
    }

    public ReadOnlySpan<AttributeSpec> Specs(Abbrev a) => a.Specs;

    /// <summary>The abbreviation with a code, or null when the table does not define it.</summary>
    public Abbrev? Find(ulong code) =>
        code < (ulong)_dense.Length ? _dense[code] : _sparse?.GetValueOrDefault(code);

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
            list.Add(new Abbrev(code, (ushort)tag, children, [.. specs.Skip(start)], fixedSize, sibling));
        }

        ulong max = list.Count == 0 ? 0 : list.Max(a => a.Code);
        if (max < (ulong)list.Count * 2 + 64)
        {
            var dense = new Abbrev?[max + 1];
            foreach (var a in list)
                dense[a.Code] = a;
            return new AbbrevTable(dense, null);
        }
        return new AbbrevTable([], list.ToDictionary(a => a.Code));
    }
}
