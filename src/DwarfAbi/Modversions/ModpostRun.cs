namespace DwarfAbi.Modversions;

/// <summary>One module's result: the generated C (null when modpost would not write it) and its tables.</summary>
public sealed record ModuleOutput(
    ModuleObject Module,
    IReadOnlyList<ResolvedImport> Imports,
    string? ModC,
    IReadOnlyList<VersionEntry>? Versions,
    IReadOnlyList<VersionEntry>? Extended);

public sealed record ModpostResult(IReadOnlyList<ModuleOutput> Modules, IReadOnlyList<ModpostMessage> Messages, string? ModuleSymvers)
{
    public bool Failed => Messages.Any(m => m.IsError);
}

/// <summary>
/// modpost's version-table work for a set of modules built together: read every module's
/// exports, resolve each module's imports against the kernel's and each other's, then write
/// each <c>.mod.c</c>. As in modpost, once any error has been reported no further <c>.mod.c</c>
/// is written, and the Module.symvers of the run only when there was none.
/// </summary>
public static class ModpostRun
{
    private const string ModuleLayout = "module_layout";

    public static ModpostResult Run(IReadOnlyList<ModuleObject> modules, IEnumerable<KernelExport> kernel, ModpostOptions options)
    {
        var messages = new List<ModpostMessage>();
        var exports = new ExportTable();
        exports.AddRange(kernel);
        foreach (var m in modules)
            AddModule(m, exports, options, messages);

        var resolved = modules.Select(m => Resolve(m, exports, options, messages)).ToList();

        var outputs = new List<ModuleOutput>(modules.Count);
        for (int i = 0; i < modules.Count; i++)
        {
            var tables = TableBuilder.Build(modules[i], resolved[i], options, messages);
            string? text = tables.Refused ? null : ModCWriter.Write(modules[i], resolved[i], tables, options, messages);
            bool written = text is not null && !messages.Any(m => m.IsError);
            outputs.Add(new ModuleOutput(modules[i], resolved[i], written ? text : null, tables.Versions, tables.Extended));
        }

        string? symvers = messages.Any(m => m.IsError)
            ? null
            : string.Concat(modules.SelectMany(m => m.Exports.Select(e => ModuleSymvers.FormatLine(exports.Find(e.Name)!))));
        return new ModpostResult(outputs, messages, symvers);
    }

    private static void AddModule(ModuleObject m, ExportTable exports, ModpostOptions options, List<ModpostMessage> messages)
    {
        if (m.Modinfo.Get("license") is null)
            messages.Add(new(true, $"missing MODULE_LICENSE() in {m.Name}.o"));
        if (m.Modinfo.Get("description") is null)
            messages.Add(new(false, $"missing MODULE_DESCRIPTION() in {m.Name}.o"));
        foreach (var e in m.Exports)
        {
            uint? crc = options.Modversions && m.ExportCrcs.TryGetValue(e.Name, out uint c) ? c : null;
            if (options.Modversions && crc is null)
                messages.Add(new(false, $"EXPORT symbol \"{e.Name}\" [{m.Name}.ko] version generation failed, symbol will not be versioned.\nIs \"{e.Name}\" prototyped in <asm/asm-prototypes.h>?"));
            exports.Add(new KernelExport(e.Name, crc, m.Name, e.GplOnly, e.Namespace));
        }
    }

    private static List<ResolvedImport> Resolve(ModuleObject m, ExportTable exports, ModpostOptions options, List<ModpostMessage> messages)
    {
        IEnumerable<ImportCandidate> candidates = options.Modversions ? [.. m.Imports, new(ModuleLayout, false)] : m.Imports;
        var imports = m.Modinfo.ImportedNamespaces;
        bool gplOk = Modinfo.IsGplCompatible(m.Modinfo.Get("license"));
        var resolved = new List<ResolvedImport>();
        foreach (var candidate in candidates)
        {
            var export = exports.Find(ImportName.LookupKey(candidate.Name));
            if (export is null)
            {
                if (!candidate.Weak)
                    messages.Add(new(!options.WarnUnresolved, $"\"{candidate.Name}\" [{m.Name}.ko] undefined!"));
                continue;
            }
            if (export.Module == m.Name)
            {
                messages.Add(new(true, $"\"{candidate.Name}\" [{m.Name}.ko] was exported without definition"));
                continue;
            }
            resolved.Add(new ResolvedImport(candidate.Name, export));
            if (!NamespaceRules.IsImported(export.Namespace, imports, m.BaseName))
                messages.Add(new(!options.AllowMissingNamespaces, $"module {m.BaseName} uses symbol {export.Name} from namespace {export.Namespace}, but does not import it."));
            if (!gplOk && export.GplOnly)
                messages.Add(new(true, $"GPL-incompatible module {m.BaseName}.ko uses GPL-only symbol '{export.Name}'"));
        }
        return resolved;
    }
}
