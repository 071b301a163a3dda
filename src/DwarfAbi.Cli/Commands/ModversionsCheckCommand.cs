using System.Diagnostics;
using DwarfAbi.Elf;
using DwarfAbi.Modversions;

namespace DwarfAbi.Cli.Commands;

/// <summary><c>dwarfabi modversions check</c>: would the module loader accept these modules?</summary>
public static class ModversionsCheckCommand
{
    private static readonly ArgParser Options = new ArgParser()
        .Value("kernel", 'k', help: "Module.symvers, vmlinux or #SYMVER lines (repeatable; first definition wins)")
        .Value("vermagic", help: "the kernel's vermagic string; checked only when given")
        .Value("jobs", 'j', help: "modules checked in parallel (default: processors)")
        .Flag("verbose", 'v', help: "also print the loader's warnings (symbols without a version entry)")
        .Flag("help", 'h');

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        if (Options.ParseOrHelp(args, "Usage: dwarfabi modversions check --kernel K [options] MODULE|DIR...\n" +
                "Directories are searched for *.ko, *.ko.zst, *.ko.xz and *.ko.gz.\n" +
                "Exit status: 0 when every module would load, 1 when some would not, 2 for usage errors.\n", stdout) is not { } a)
            return ExitCodes.Ok;
        if (a.All("kernel").Count == 0)
            throw new UsageException("modversions check: --kernel is required");
        if (a.Positionals.Count == 0)
            throw new UsageException("modversions check: no module given");
        int jobs = (int)(a.GetNumber("jobs") ?? (ulong)Environment.ProcessorCount);
        if (jobs < 1)
            throw new UsageException("modversions check: --jobs must be at least 1");

        var exports = new ExportTable();
        foreach (string k in a.All("kernel"))
            exports.AddRange(KernelSources.Load(k));
        var paths = ExpandModules(a.Positionals);

        var watch = Stopwatch.StartNew();
        var results = new (List<LoadFinding> Findings, ElfFile? Elf)[paths.Count];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = jobs };
        // Exports of the modules themselves fill in what the kernel files do not list.
        Parallel.For(0, paths.Count, parallel, i => results[i] = Open(paths[i]));
        foreach (var (_, elf) in results)
        {
            if (elf is not null)
                exports.AddRange(SafeExports(elf));
        }
        var kernel = new KernelInfo(exports, a.Get("vermagic"));
        Parallel.For(0, paths.Count, parallel, i =>
        {
            if (results[i].Elf is { } elf)
            {
                using (elf)
                    results[i].Findings.AddRange(Check(elf, kernel));
            }
        });

        bool verbose = a.Has("verbose");
        int failing = 0, problems = 0;
        for (int i = 0; i < paths.Count; i++)
        {
            var fatal = results[i].Findings.Where(f => f.Fatal).ToList();
            if (fatal.Count > 0)
                failing++;
            problems += fatal.Count;
            foreach (var f in results[i].Findings.Where(f => f.Fatal || verbose))
                stdout.WriteLine(f.Fatal ? f.Format(paths[i]) : $"{f.Format(paths[i])} (warning)");
        }
        stdout.WriteLine($"modversions check: {paths.Count} modules, {paths.Count - failing} would load, {failing} would not ({problems} problems) in {watch.Elapsed.TotalSeconds:0.00}s");
        return failing == 0 ? ExitCodes.Ok : ExitCodes.Error;
    }

    private static (List<LoadFinding>, ElfFile?) Open(string path)
    {
        try
        {
            return ([], ModuleFile.Open(path));
        }
        catch (DwarfAbiException e)
        {
            return ([new LoadFinding(LoadFindingKind.Malformed, null, null, null, e.Message)], null);
        }
    }

    private static IEnumerable<KernelExport> SafeExports(ElfFile elf)
    {
        try
        {
            return ElfExports.Read(elf, Modinfo.Read(elf).Get("name") ?? Path.GetFileName(elf.Path));
        }
        catch (DwarfAbiException)
        {
            return []; // the check of this module reports what is wrong with it
        }
    }

    private static List<LoadFinding> Check(ElfFile elf, KernelInfo kernel)
    {
        try
        {
            return LoaderCheck.Check(elf, kernel);
        }
        catch (DwarfAbiException e)
        {
            return [new LoadFinding(LoadFindingKind.Malformed, null, null, null, e.Message)];
        }
    }

    private static List<string> ExpandModules(IEnumerable<string> args)
    {
        var result = new List<string>();
        foreach (string arg in args)
        {
            if (!Directory.Exists(arg))
            {
                result.Add(arg);
                continue;
            }
            var found = Directory.EnumerateFiles(arg, "*.ko*", SearchOption.AllDirectories).Where(ModuleFile.IsModulePath).ToList();
            found.Sort(StringComparer.Ordinal);
            result.AddRange(found);
        }
        return result;
    }
}
