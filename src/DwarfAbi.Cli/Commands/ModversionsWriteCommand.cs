using DwarfAbi.IO;
using DwarfAbi.Modversions;

namespace DwarfAbi.Cli.Commands;

/// <summary>
/// <c>dwarfabi modversions write</c>: modpost's version-table output for module objects: each
/// <c>P.mod.c</c> (byte-identical to modpost's), optionally a relocatable object holding just the
/// tables, and the Module.symvers of the modules' own exports.
/// </summary>
public static class ModversionsWriteCommand
{
    private static readonly ArgParser Options = new ArgParser()
        .Value("kernel", 'k', help: "a Module.symvers of the kernel or other modules (modpost -i; repeatable)")
        .Flag("basic", 'b', help: "write __versions (modpost -b; the default unless -x or --no-modversions)")
        .Flag("extended", 'x', help: "write __version_ext_crcs/__version_ext_names (modpost -x)")
        .Flag("no-modversions", help: "as modpost without -m: no module_layout, no SYMBOL_CRC lines")
        .Flag("in-tree", help: "add MODULE_INFO(intree) (modpost without -e)")
        .Flag("warn-unresolved", 'w', help: "unresolved symbols are warnings (modpost -w)")
        .Flag("allow-missing-ns", 'N', help: "missing namespace imports are warnings (modpost -N)")
        .Value("build-dir", 'C', help: "directory the module paths are relative to (default: current)")
        .Flag("object", help: "also write P.modversions.o, the tables as an ELF object for the module's target")
        .Value("symvers-out", 'o', help: "write the Module.symvers of the modules' exports here")
        .Flag("stdout", help: "print the .mod.c text instead of writing files")
        .Flag("help", 'h');

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        if (Options.ParseOrHelp(args, "Usage: dwarfabi modversions write --kernel Module.symvers [options] MODULE.o...\n", stdout) is not { } a)
            return ExitCodes.Ok;
        if (a.Positionals.Count == 0)
            throw new UsageException("modversions write: no module object given");
        bool extended = a.Has("extended");
        bool modversions = !a.Has("no-modversions");
        var options = new ModpostOptions
        {
            Modversions = modversions,
            // kbuild's default is the legacy table; without versioning there are no tables.
            Basic = a.Has("basic") || (modversions && !extended),
            Extended = extended,
            External = !a.Has("in-tree"),
            WarnUnresolved = a.Has("warn-unresolved"),
            AllowMissingNamespaces = a.Has("allow-missing-ns"),
        };
        string buildDir = a.Get("build-dir") ?? ".";
        var modules = a.Positionals.Select(p => ModuleObject.Load(buildDir, p, options.Modversions)).ToList();
        var kernel = a.All("kernel").SelectMany(ModuleSymvers.Read);
        var result = ModpostRun.Run(modules, kernel, options);

        foreach (var m in result.Messages)
            stderr.WriteLine($"dwarfabi: {(m.IsError ? "error" : "warning")}: {m.Text}");
        foreach (var output in result.Modules)
        {
            if (output.ModC is null)
                continue;
            if (a.Has("stdout"))
            {
                stdout.Write(output.ModC);
                continue;
            }
            string stem = Path.Combine(buildDir, output.Module.Name);
            AtomicFile.WriteText(stem + ".mod.c", output.ModC);
            if (a.Has("object"))
                AtomicFile.Write(stem + ".modversions.o", VersionSectionsEncoder.Object(output.Module.Target, output.Versions, output.Extended));
        }
        if (a.Get("symvers-out") is { } symversPath && result.ModuleSymvers is { } symvers)
            AtomicFile.WriteText(symversPath, symvers);
        return result.Failed ? ExitCodes.Error : ExitCodes.Ok;
    }
}
