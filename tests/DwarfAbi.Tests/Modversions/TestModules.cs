using DwarfAbi.Modversions;

namespace DwarfAbi.Tests.Modversions;

/// <summary>
/// Linked x86_64 test modules: an oracle module object plus the <c>.mod.c</c> that <c>write</c>
/// generates for it, compiled by gcc and joined by <c>ld -r</c> as kbuild's modfinal step does.
/// </summary>
public static class TestModules
{
    public const string Compiler = "x86_64-linux-gnu-gcc";
    public const string Linker = "x86_64-linux-gnu-ld";

    public static string FakeSymvers => Path.Combine(ModpostOracle.Root, "fake", "Module.symvers");

    /// <param name="config">The oracle configuration the tables follow: basic, ext or both.</param>
    /// <param name="moduleSource">
    /// Link this C instead of the oracle's object. The tables still come from the oracle's object,
    /// which imports the same symbols: modpost would refuse some of these variants outright.
    /// </param>
    public static string Build(TempDir tmp, string module, string config, string? moduleSource = null)
    {
        var oracle = new ModpostOracle($"x86_64/{config}/{module}");
        string dir = tmp.File($"{module}-{config}");
        Directory.CreateDirectory(dir);
        string obj = Path.Combine(dir, module + ".o");
        File.Copy(Path.Combine(oracle.Dir, module + ".o"), obj);
        var modules = new[] { ModuleObject.Load(dir, module + ".o", readCrcs: false) };
        var result = ModpostRun.Run(modules, ModuleSymvers.Read(FakeSymvers), oracle.Options);
        string modC = Path.Combine(dir, module + ".mod.c");
        File.WriteAllText(modC, result.Modules[0].ModC ?? throw new InvalidOperationException($"no .mod.c for {module}"));
        var (rc, stderr) = ExternalTools.CompileModC("x86_64", modC, Path.Combine(dir, module + ".mod.o"), module);
        if (rc != 0)
            throw new InvalidOperationException(stderr);
        if (moduleSource is not null)
        {
            File.WriteAllText(Path.Combine(dir, module + ".c"), moduleSource);
            ExternalTools.RunOk(Compiler, [.. ExternalTools.ModuleFlags, "-c", "-o", obj, Path.Combine(dir, module + ".c")]);
        }
        string ko = Path.Combine(dir, module + ".ko");
        ExternalTools.RunOk(Linker, ["-r", "-o", ko, obj, Path.Combine(dir, module + ".mod.o")]);
        return ko;
    }

    public static string Source(string module) => File.ReadAllText(Path.Combine(ModpostOracle.Root, "mods", module + ".c"));

    /// <summary>A copy of the fake kernel's Module.symvers with one line changed (or dropped when the edit returns null).</summary>
    public static string EditedSymvers(TempDir tmp, string symbol, Func<string[], string[]?> edit)
    {
        string path = tmp.File($"Module.symvers.{symbol}");
        var lines = File.ReadAllLines(FakeSymvers).SelectMany(l =>
        {
            var f = l.Split('\t');
            return f[1] != symbol ? [l] : edit(f) is { } changed ? new[] { string.Join('\t', changed) } : [];
        });
        File.WriteAllLines(path, lines);
        return path;
    }

    public static KernelInfo Kernel(string symvers) => Kernel(ModuleSymvers.Read(symvers));

    public static KernelInfo Kernel(IEnumerable<KernelExport> exports)
    {
        var table = new ExportTable();
        table.AddRange(exports);
        return new KernelInfo(table, null);
    }
}
