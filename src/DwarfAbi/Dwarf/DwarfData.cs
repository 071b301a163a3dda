using System.Numerics;
using System.Runtime.Intrinsics;
using System.Collections.Concurrent;
using DwarfAbi.Elf;
using DwarfAbi.IO;

namespace DwarfAbi.Dwarf;

/// <summary>
/// The debug sections of one object and the units they hold. Sections are slices of the mapped
/// file (relocated or inflated copies only where needed); units are parsed once, DIEs on demand.
/// </summary>
public sealed class DwarfData
{
    private readonly ConcurrentDictionary<(ulong, FormSizes), AbbrevTable> _abbrevs = new();
    private readonly Lazy<Unit[]> _units;
    private readonly Lazy<Dictionary<ulong, Unit>> _typeUnits;
    private readonly Func<DwarfData?>? _loadSupplementary;
    private readonly Lazy<DwarfData?> _supplementary;

    /// <param name="sections">All sections of a kind ("info", "abbrev", ...): a relocatable object
    /// built with type units holds one .debug_info or .debug_types section per COMDAT group.</param>
    public DwarfData(bool bigEndian, Func<string, ReadOnlyMemory<byte>[]> sections, Func<DwarfData?>? supplementary = null, bool isSupplementary = false, string? supplementaryName = null)
    {
        BigEndian = bigEndian;
        MemoryBlock section(string kind) => sections(kind) is { Length: > 0 } found ? MemoryBlock.From(found[0]) : default;
        InfoSections = [.. sections("info").Select(MemoryBlock.From)];
        TypesSections = [.. sections("types").Select(MemoryBlock.From)];
        Info = section("info");
        Abbrev = section("abbrev");
        Str = section("str");
        LineStr = section("line_str");
        StrOffsets = section("str_offsets");
        Addr = section("addr");
        Rnglists = section("rnglists");
        Ranges = section("ranges");
        Loclists = section("loclists");
        Loc = section("loc");
        Line = section("line");
        IsSupplementary = isSupplementary;
        SupplementaryName = supplementaryName;
        _loadSupplementary = supplementary;
        _supplementary = new Lazy<DwarfData?>(() => _loadSupplementary?.Invoke());
        _units = new Lazy<Unit[]>(ParseUnits);
        _typeUnits = new Lazy<Dictionary<ulong, Unit>>(() =>
        {
            var map = new Dictionary<ulong, Unit>();
            foreach (var u in Units)
            {
                if (u.IsTypeUnit)
                    map.TryAdd(u.TypeSignature, u);
            }
            return map;
        });
    }

    /// <summary>Reads the DWARF of an ELF object; the <c>.gnu_debugaltlink</c> file is opened only if a DIE needs it.</summary>
    /// <param name="include">Which debug sections to read (all by default).</param>
    public static DwarfData FromElf(ElfFile elf, Func<Section, bool>? include = null, bool isSupplementary = false)
    {
        // Split DWARF (.dwo) files name their sections .debug_X.dwo.
        ReadOnlyMemory<byte>[] Sections(string kind)
        {
            string[] names = [".debug_" + kind, ".zdebug_" + kind, ".debug_" + kind + ".dwo"];
            foreach (string name in names)
            {
                var found = elf.Sections.Where(s => s.Name == name && (include is null || include(s))).Select(elf.Data).ToArray();
                if (found.Length > 0)
                    return found;
            }
            return [];
        }
        string? altName = null;
        Func<DwarfData?>? alt = null;
        if (elf.FindSection(".gnu_debugaltlink") is { } link)
        {
            altName = SpanReader.StringAt(elf.RawData(link).Span, 0);
            string path = System.IO.Path.IsPathRooted(altName)
                ? altName
                : System.IO.Path.Combine(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(elf.Path)) ?? ".", altName);
            alt = () => File.Exists(path) ? FromElf(ElfFile.Open(path), isSupplementary: true) : null;
        }
        return new DwarfData(elf.BigEndian, Sections, alt, isSupplementary, altName);
    }

    public bool BigEndian { get; }
    public bool IsSupplementary { get; }
    public string? SupplementaryName { get; }
    public MemoryBlock Info { get; }
    public MemoryBlock Abbrev { get; }
    public MemoryBlock Str { get; }
    public MemoryBlock LineStr { get; }
    public MemoryBlock StrOffsets { get; }
    public MemoryBlock Addr { get; }
    public MemoryBlock Rnglists { get; }
    public MemoryBlock Ranges { get; }
    public MemoryBlock Loclists { get; }
    public MemoryBlock Loc { get; }
    public MemoryBlock Line { get; }
    public MemoryBlock[] InfoSections { get; }
    public MemoryBlock[] TypesSections { get; }

    public bool HasDebugInfo => InfoSections.Any(s => !s.IsEmpty) || TypesSections.Any(s => !s.IsEmpty);

    /// <summary>All units: those of the .debug_info sections in order, then those of .debug_types.</summary>
    public IReadOnlyList<Unit> Units => _units.Value;

    public DwarfData? Supplementary => _supplementary.Value;

    internal DwarfData RequireSupplementary() => Supplementary
        ?? throw new DwarfAbiException(SupplementaryName is null
            ? "a DIE refers to a supplementary (dwz) file, but the object has no .gnu_debugaltlink"
            : $"supplementary (dwz) file '{SupplementaryName}' not found");

    internal AbbrevTable Abbrevs(ulong offset, FormSizes sizes) =>
        _abbrevs.GetOrAdd((offset, sizes), key => AbbrevTable.Parse(Abbrev.Span, key.Item1, key.Item2));

    private Unit[] ParseUnits()
    {
        var units = new List<Unit>();
        int id = 0;
        foreach (var s in InfoSections)
            ParseSection(units, id++, false, s);
        foreach (var s in TypesSections)
            ParseSection(units, id++, true, s);
        return [.. units];
    }

    private void ParseSection(List<Unit> units, int sectionId, bool inTypes, MemoryBlock section)
    {
        int offset = 0;
        while (offset < section.Length)
        {
            var unit = new Unit(this, sectionId, inTypes, section, offset);
            units.Add(unit);
            offset = unit.End;
        }
    }

    /// <summary>The unit of .debug_info holding an offset (for DW_FORM_ref_addr).</summary>
    public Unit UnitAtInfoOffset(long offset)
    {
        var units = Units;
        int lo = 0, hi = units.Count - 1;
        while (lo <= hi)
        {
            int mid = (lo + hi) >>> 1;
            var u = units[mid];
            if (u.SectionId != 0 || offset < u.Offset)
                hi = mid - 1;
            else if (offset >= u.End)
                lo = mid + 1;
            else
                return u;
        }
        throw new DwarfAbiException($"reference to 0x{offset:x} is outside every unit of .debug_info", offset);
    }

    public Die DieAtInfoOffset(long offset) => UnitAtInfoOffset(offset).DieAt(offset);

    public Unit? TypeUnitFor(ulong signature) => _typeUnits.Value.GetValueOrDefault(signature);

    internal ReadOnlySpan<byte> StringAt(ReadOnlySpan<byte> section, ulong offset, string sectionName)
    {
        if (offset >= (ulong)section.Length)
            throw new DwarfAbiException($"string offset 0x{offset:x} is outside {sectionName} (size 0x{section.Length:x})", (long)Math.Min(offset, long.MaxValue));
        var rest = section[(int)offset..];
        int n = StringLength(rest);
        if (n < 0)
            throw new DwarfAbiException($"string at 0x{offset:x} of {sectionName} has no terminating NUL", (long)offset);
        return rest[..n];
    }

    /// <summary>
    /// The index of the first NUL, or -1. DWARF names are short: a 16-byte compare or two find
    /// most of them, without the set-up of a general <see cref="MemoryExtensions.IndexOf{T}(ReadOnlySpan{T}, T)"/>.
    /// </summary>
    private static int StringLength(ReadOnlySpan<byte> s)
    {
        int at = 0;
        for (; at <= 16 && s.Length - at >= Vector128<byte>.Count; at += Vector128<byte>.Count)
        {
            uint nul = Vector128.Equals(Vector128.Create(s[at..]), Vector128<byte>.Zero).ExtractMostSignificantBits();
            if (nul != 0)
                return at + BitOperations.TrailingZeroCount(nul);
        }
        int n = s[at..].IndexOf((byte)0);
        return n < 0 ? -1 : at + n;
    }
}
