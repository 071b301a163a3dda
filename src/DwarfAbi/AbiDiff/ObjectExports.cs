using DwarfAbi.Elf;

namespace DwarfAbi.AbiDiff;

/// <summary>
/// The names an object exports, as kbuild finds them: <c>__export_symbol_NAME</c> markers
/// (objects before modpost), else <c>__ksymtab_NAME</c> symbols (linked images and modules).
/// </summary>
public static class ObjectExports
{
    private const string MarkerPrefix = "__export_symbol_";
    private const string KsymtabPrefix = "__ksymtab_";

    public static List<string> Find(ElfFile elf)
    {
        var markers = Names(elf, MarkerPrefix);
        return markers.Count > 0 ? markers : Names(elf, KsymtabPrefix);
    }

    private static List<string> Names(ElfFile elf, string prefix) =>
        [.. elf.Symbols.Symbols
            .Where(s => s.Name.StartsWith(prefix, StringComparison.Ordinal) && !s.Name.StartsWith("__ksymtab_strings", StringComparison.Ordinal))
            .Select(s => s.Name[prefix.Length..])
            .Distinct(StringComparer.Ordinal)];
}
