using System.Runtime.CompilerServices;
using DwarfAbi.IO;

namespace DwarfAbi.Dwarf;

/// <summary>One attribute specification of an abbreviation.</summary>
public readonly record struct AttributeSpec(ushort Name, ushort Form, long ImplicitConst);

/// <summary>
/// An abbreviation: the shape every DIE with its code shares. One object per code, shared by all
/// its DIEs; its specs and decode steps are slices of arrays its table holds for all its codes
/// (a vmlinux has hundreds of thousands of abbreviations: three arrays each would be garbage
/// for the collector to move before the first DIE is read).
/// </summary>
public sealed class Abbrev
{
    private readonly AttributeSpec[] _specs;
    private readonly DecodeStep[] _steps;
    private readonly int _specStart;
    private readonly int _stepStart;
    private readonly int _stepCount;

    /// <summary>The abbreviation of the null entry that ends a list of siblings.</summary>
    public static readonly Abbrev Null = new(0, 0, false, [], 0, 0, [], 0, 0, 0, -1);

    internal Abbrev(ulong code, ushort tag, bool hasChildren, AttributeSpec[] specs, int specStart, int specCount,
        DecodeStep[] steps, int stepStart, int stepCount, int fixedSize, int siblingIndex)
    {
        Code = code;
        Tag = tag;
        HasChildren = hasChildren;
        _specs = specs;
        _specStart = specStart;
        SpecCount = specCount;
        _steps = steps;
        _stepStart = stepStart;
        _stepCount = stepCount;
        FixedSize = fixedSize;
        SiblingIndex = siblingIndex;
    }

    public ulong Code { get; }
    public ushort Tag { get; }
    public bool HasChildren { get; }
    public ReadOnlySpan<AttributeSpec> Specs => new(_specs, _specStart, SpecCount);
    public int SpecCount { get; }

    /// <summary>Total size of the attribute values when every form has a fixed size, else -1.</summary>
    internal int FixedSize { get; }

    /// <summary>Position of DW_AT_sibling among the specs, or -1.</summary>
    internal int SiblingIndex { get; }

    /// <summary>The specs compiled for the sizes of the units that share the table: how
    /// <see cref="EntriesRaw.ReadAll{TSink}"/> decodes the values.</summary>
    internal ReadOnlySpan<DecodeStep> Steps => new(_steps, _stepStart, _stepCount);

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

    /// <summary>Scratch of <see cref="Parse"/>, kept per thread: the tables of a vmlinux are thousands.</summary>
    [ThreadStatic]
    private static Scratch? t_scratch;

    private AbbrevTable(Abbrev?[] dense, Dictionary<ulong, Abbrev>? sparse)
    {
        _dense = dense;
        _sparse = sparse;
    }

    public ReadOnlySpan<AttributeSpec> Specs(Abbrev a) => a.Specs;

    /// <summary>Whether an abbreviation of the table has this tag: a unit without one has no such DIE.</summary>
    public bool Uses(ushort tag)
    {
        foreach (var a in _dense)
        {
            if (a is not null && a.Tag == tag)
                return true;
        }
        return _sparse is not null && _sparse.Values.Any(a => a.Tag == tag);
    }

    /// <summary>The abbreviation with a code, or null when the table does not define it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Abbrev? Find(ulong code) =>
        code < (ulong)_dense.Length ? _dense[code] : _sparse?.GetValueOrDefault(code);

    public static AbbrevTable Parse(ReadOnlySpan<byte> section, ulong offset, FormSizes sizes)
    {
        if (offset >= (ulong)section.Length)
            throw new DwarfAbiException($"abbreviation offset 0x{offset:x} is outside .debug_abbrev (size 0x{section.Length:x})", (long)offset);
        var scratch = t_scratch ??= new Scratch();
        scratch.Clear();
        var (headers, specs, seen) = (scratch.Headers, scratch.Specs, scratch.Seen);
        var r = new SpanReader(section, false, (int)offset);
        ulong max = 0;
        while (true)
        {
            ulong code = r.Uleb();
            if (code == 0)
                break;
            int at = r.Position;
            ulong tag = r.Uleb();
            bool children = r.U8() != 0;
            int start = specs.Count;
            while (true)
            {
                ulong name = r.Uleb();
                ulong form = r.Uleb();
                if (name == 0 && form == 0)
                    break;
                if (name > ushort.MaxValue || form > ushort.MaxValue)
                    throw new DwarfAbiException($"abbreviation {code}: attribute 0x{name:x} or form 0x{form:x} out of range", r.Position);
                long implicitConst = form == DwForm.ImplicitConst ? r.Sleb() : 0;
                specs.Add(new AttributeSpec((ushort)name, (ushort)form, implicitConst));
            }
            if (tag > ushort.MaxValue)
                throw new DwarfAbiException($"abbreviation {code}: tag 0x{tag:x} out of range", at);
            if (!seen.Add(code))
                throw new DwarfAbiException($"abbreviation code {code} defined twice", at);
            headers.Add(new Header(code, (ushort)tag, children, start, specs.Count - start));
            max = Math.Max(max, code);
        }

        // All the specs and steps of the table in two arrays, which the abbreviations slice.
        AttributeSpec[] allSpecs = [.. specs];
        var steps = scratch.Steps;
        var stepStarts = scratch.StepStarts;
        var fixedSizes = scratch.FixedSizes;
        foreach (var h in headers)
        {
            stepStarts.Add(steps.Count);
            fixedSizes.Add(DecodeStep.Compile(allSpecs.AsSpan(h.SpecStart, h.SpecCount), sizes, steps));
        }
        DecodeStep[] allSteps = [.. steps];
        var list = new Abbrev[headers.Count];
        for (int i = 0; i < headers.Count; i++)
        {
            var h = headers[i];
            int stepEnd = i + 1 < headers.Count ? stepStarts[i + 1] : allSteps.Length;
            int sibling = -1;
            for (int k = 0; k < h.SpecCount; k++)
            {
                if (allSpecs[h.SpecStart + k].Name == DwAt.Sibling)
                    sibling = k;
            }
            list[i] = new Abbrev(h.Code, h.Tag, h.HasChildren, allSpecs, h.SpecStart, h.SpecCount,
                allSteps, stepStarts[i], stepEnd - stepStarts[i], fixedSizes[i], sibling);
        }

        if (max < (ulong)list.Length * 2 + 64)
        {
            var dense = new Abbrev?[max + 1];
            foreach (var a in list)
                dense[a.Code] = a;
            return new AbbrevTable(dense, null);
        }
        return new AbbrevTable([], list.ToDictionary(a => a.Code));
    }

    private readonly record struct Header(ulong Code, ushort Tag, bool HasChildren, int SpecStart, int SpecCount);

    private sealed class Scratch
    {
        public readonly List<Header> Headers = [];
        public readonly List<AttributeSpec> Specs = [];
        public readonly List<DecodeStep> Steps = [];
        public readonly List<int> StepStarts = [];
        public readonly List<int> FixedSizes = [];
        public readonly HashSet<ulong> Seen = [];

        public void Clear()
        {
            Headers.Clear();
            Specs.Clear();
            Steps.Clear();
            StepStarts.Clear();
            FixedSizes.Clear();
            Seen.Clear();
        }
    }
}
