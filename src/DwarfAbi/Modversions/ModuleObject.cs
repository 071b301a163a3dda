using DwarfAbi.Elf;
using DwarfAbi.IO;

namespace DwarfAbi.Modversions;

/// <summary>
/// What modpost reads from a module's linked object (<c>P.o</c>): its undefined symbols, its
/// own exports (<c>__export_symbol_NAME</c> labels in <c>.export_symbol</c>: license string,
/// then namespace string), whether it defines <c>init_module</c>/<c>cleanup_module</c>, its
/// <c>.modinfo</c>, and, when versioning, its exports' CRCs from kbuild's <c>.cmd</c> files.
/// </summary>
public sealed class ModuleObject
{
    private const string ExportPrefix = "__export_symbol_";

    /// <summary>The module's name as modpost prints it: the object path without <c>.o</c>.</summary>
    public required string Name { get; init; }
    public required string ObjectPath { get; init; }
    public required ElfTarget Target { get; init; }
    public required IReadOnlyList<ImportCandidate> Imports { get; init; }
    public required IReadOnlyList<OwnExport> Exports { get; init; }
    public required IReadOnlyDictionary<string, uint> ExportCrcs { get; init; }
    public required bool HasInit { get; init; }
    public required bool HasCleanup { get; init; }
    public required Modinfo Modinfo { get; init; }

    public string BaseName => Name[(Name.LastIndexOf('/') + 1)..];

    /// <param name="buildDirectory">Where kbuild runs modpost: module paths and <c>.mod</c> entries are relative to it.</param>
    /// <param name="modulePath">The object as <c>modules.order</c> names it, e.g. <c>drivers/foo/bar.o</c>.</param>
    /// <param name="readCrcs">Read the <c>#SYMVER</c> lines, as modpost does with <c>-m</c>.</param>
    public static ModuleObject Load(string buildDirectory, string modulePath, bool readCrcs = true)
    {
        string path = Path.Combine(buildDirectory, modulePath);
        using var elf = ElfFile.Open(path);
        try
        {
            string name = modulePath.EndsWith(".o", StringComparison.Ordinal) ? modulePath[..^2] : modulePath;
            return Read(elf, buildDirectory, path, name, readCrcs);
        }
        catch (DwarfAbiException e)
        {
            throw e.WithFile(path);
        }
    }

    private static ModuleObject Read(ElfFile elf, string buildDirectory, string path, string name, bool readCrcs)
    {
        if (!elf.IsRelocatable)
            throw new DwarfAbiException("not a relocatable object (a module's .o before modpost)");
        var symbols = elf.Symbols.Symbols;
        var imports = new List<ImportCandidate>();
        var exports = new List<OwnExport>();
        var functions = new HashSet<string>(symbols.Where(s => s.IsDefined && s.Kind == SymbolKind.Func).Select(s => s.Name), StringComparer.Ordinal);
        bool hasInit = false, hasCleanup = false;
        foreach (var sym in symbols)
        {
            if (!sym.IsDefined)
            {
                if (sym.Binding is SymbolBinding.Global or SymbolBinding.Weak && sym.Name.Length > 0 && !ImportName.IsIgnored(sym.Name))
                    imports.Add(new(ImportName.StripNumericSuffix(sym.Name), sym.Binding == SymbolBinding.Weak));
                continue;
            }
            hasInit |= sym.Name == "init_module";
            hasCleanup |= sym.Name == "cleanup_module";
            if (sym.Name.StartsWith(ExportPrefix, StringComparison.Ordinal))
                exports.Add(ReadExport(elf, sym, functions));
        }
        return new ModuleObject
        {
            Name = name,
            ObjectPath = path,
            Target = ElfTarget.Of(elf),
            Imports = imports,
            Exports = exports,
            ExportCrcs = readCrcs ? KbuildCmdFiles.ReadCrcs(buildDirectory, path) : new Dictionary<string, uint>(),
            HasInit = hasInit,
            HasCleanup = hasCleanup,
            Modinfo = Modinfo.Read(elf),
        };
    }

    private static OwnExport ReadExport(ElfFile elf, Symbol label, HashSet<string> functions)
    {
        string exported = label.Name[ExportPrefix.Length..];
        var section = elf.SectionAt((int)label.SectionIndex);
        var data = elf.RawData(section).Span;
        if (label.Value >= (ulong)data.Length)
            throw new DwarfAbiException($"{label.Name} lies outside {section.Name}", (long)section.Offset);
        var r = new SpanReader(data, elf.BigEndian, (int)label.Value);
        string license = SpanReader.Utf8(r.CString());
        string ns = SpanReader.Utf8(r.CString());
        return new OwnExport(exported, license == "GPL", ns, functions.Contains(exported));
    }
}
