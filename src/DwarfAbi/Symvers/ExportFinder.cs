using DwarfAbi.Dwarf;
using DwarfAbi.Elf;

namespace DwarfAbi.Symvers;

/// <summary>How the exports of an object were found.</summary>
public enum ExportSource
{
    None,
    /// <summary><c>__export_symbol_NAME</c> markers, which EXPORT_SYMBOL emits in kernels with gendwarfksyms.</summary>
    ExportMarkers,
    /// <summary><c>__ksymtab_NAME</c> symbols of linked objects and of older kernels.</summary>
    KsymtabSymbols,
    /// <summary>A Rust object: every global defined text, rodata, data or bss symbol except <c>__cfi</c> ones.</summary>
    RustGlobals,
}

/// <summary>
/// Finds the exported symbols of an object as kbuild would list them for gendwarfksyms
/// (the <c>nm</c> pipelines of scripts/Makefile.build and rust/Makefile), without running nm.
/// </summary>
public static class ExportFinder
{
    private const string MarkerPrefix = "__export_symbol_";
    private const string KsymtabPrefix = "__ksymtab_";
    private const ushort LangRust = 0x1c;

    public static (ExportSource Source, IReadOnlyList<string> Names) Find(ElfFile elf)
    {
        var symbols = elf.Symbols.Symbols;
        var markers = Suffixes(symbols, MarkerPrefix);
        if (markers.Count > 0)
            return (ExportSource.ExportMarkers, markers);
        var ksymtab = Suffixes(symbols.Where(s => s.IsDefined), KsymtabPrefix);
        if (ksymtab.Count > 0)
            return (ExportSource.KsymtabSymbols, ksymtab);
        if (IsRust(elf))
            return (ExportSource.RustGlobals, RustGlobals(elf));
        return (ExportSource.None, []);
    }

    private static List<string> Suffixes(IEnumerable<Symbol> symbols, string prefix) =>
        [.. symbols.Where(s => s.Name.StartsWith(prefix, StringComparison.Ordinal) && s.Name.Length > prefix.Length)
            .Select(s => s.Name[prefix.Length..])
            .Distinct(StringComparer.Ordinal)];

    private static bool IsRust(ElfFile elf)
    {
        var dwarf = DwarfData.FromElf(elf);
        return dwarf.HasDebugInfo && dwarf.Units.Any(u => !u.Root.IsNull && u.Root.Constant(DwAt.Language) == LangRust);
    }

    /// <summary>nm's T, R, D and B: global symbols defined in code, read-only data, data or bss.</summary>
    private static List<string> RustGlobals(ElfFile elf) =>
        [.. elf.Symbols.Symbols
            .Where(s => s.Binding == SymbolBinding.Global && s.IsDefined && s.SectionIndex < SectionIndex.LoReserve
                && s.Name.Length > 0 && !s.Name.Contains("__cfi", StringComparison.Ordinal)
                && IsDataOrCode(elf.SectionAt((int)s.SectionIndex)))
            .Select(s => s.Name)
            .Distinct(StringComparer.Ordinal)];

    private static bool IsDataOrCode(Section s) => (s.Flags & SectionFlags.Alloc) != 0;
}
