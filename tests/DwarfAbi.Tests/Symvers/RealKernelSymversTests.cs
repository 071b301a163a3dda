using DwarfAbi.Tests.Support;
using Xunit;

namespace DwarfAbi.Tests.Symvers;

/// <summary>
/// The Debian 6.1 debug package as <c>bench/fetch-debian-6.1.sh</c> leaves it in
/// <c>${DWARFABI_CACHE:-$HOME/.cache/dwarfabi}/debian-6.1</c>, and the reference tool's outputs
/// for it in <c>TestData/realkernel/debian-6.1.0-56</c> (see the README there).
/// </summary>
public static class DebianDebugKernel
{
    public static string Dir { get; } = Path.Combine(
        Repo.Cache,
        "debian-6.1");

    public static string Modules => Path.Combine(Dir, "dbg", "usr", "lib", "debug", "lib", "modules", "6.1.0-56-amd64", "kernel");
    public static string Vmlinux => Path.Combine(Dir, "vmlinux-6.1.0-56-amd64");
    public static string References => Path.Combine(Repo.TestData, "realkernel", "debian-6.1.0-56");
}

/// <summary>Skips with the reason when a file of the debug package is not in the cache.</summary>
public sealed class DebianDebugFactAttribute : FactAttribute
{
    public DebianDebugFactAttribute(string relativePath)
    {
        string path = Path.Combine(DebianDebugKernel.Dir, relativePath);
        if (!File.Exists(path))
            Skip = $"{path} is missing; run bench/fetch-debian-6.1.sh 6.1.0-56";
    }
}

/// <summary>
/// <c>dwarfabi gendwarfksyms</c> on real kernel objects against the outputs of the kernel's own
/// scripts/gendwarfksyms: five modules in every mode that was recorded, and the whole vmlinux.
/// </summary>
[Trait("Category", "RealKernel")]
public sealed class RealKernelSymversTests
{
    private const string ModulesDir = "dbg/usr/lib/debug/lib/modules/6.1.0-56-amd64/kernel/";

    [DebianDebugFact(ModulesDir + "lib/reed_solomon/reed_solomon.ko")]
    public void Reed_solomon() => Module("reed_solomon", "lib/reed_solomon/reed_solomon.ko", withVersions: true);

    [DebianDebugFact(ModulesDir + "fs/jbd2/jbd2.ko")]
    public void Jbd2() => Module("jbd2", "fs/jbd2/jbd2.ko");

    [DebianDebugFact(ModulesDir + "drivers/md/bcache/bcache.ko")]
    public void Bcache() => Module("bcache", "drivers/md/bcache/bcache.ko");

    [DebianDebugFact(ModulesDir + "fs/nfs/nfs.ko")]
    public void Nfs() => Module("nfs", "fs/nfs/nfs.ko");

    [DebianDebugFact(ModulesDir + "net/bluetooth/bluetooth.ko")]
    public void Bluetooth() => Module("bluetooth", "net/bluetooth/bluetooth.ko");

    [DebianDebugFact("vmlinux-6.1.0-56-amd64")]
    public void Vmlinux()
    {
        var run = SymversOracle.Cli(["gendwarfksyms", DebianDebugKernel.Vmlinux], Reference("vmlinux.syms"));
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(Reference("vmlinux.symvers"), run.Stdout);
        Assert.Equal(Reference("vmlinux.stderr"), run.Stderr);
    }

    private static void Module(string name, string path, bool withVersions = false)
    {
        string module = Path.Combine(DebianDebugKernel.Modules, path);
        string syms = Reference($"{name}.syms");

        var plain = SymversOracle.Cli(["gendwarfksyms", module], syms);
        Assert.Equal((0, ""), (plain.ExitCode, plain.Stderr));
        Assert.Equal(Reference($"{name}.symvers"), plain.Stdout);

        var stable = SymversOracle.Cli(["gendwarfksyms", "--stable", module], syms);
        Assert.Equal((0, ""), (stable.ExitCode, stable.Stderr));
        Assert.Equal(Reference($"{name}.stable.symvers"), stable.Stdout);

        string symtypes = Path.Combine(Path.GetTempPath(), $"dwarfabi-{name}-{Guid.NewGuid():N}.symtypes");
        try
        {
            var typed = SymversOracle.Cli(["gendwarfksyms", "--symtypes", symtypes, module], syms);
            Assert.Equal((0, ""), (typed.ExitCode, typed.Stderr));
            Assert.Equal(Reference($"{name}.symvers"), typed.Stdout);
            Assert.Equal(Reference($"{name}.symtypes"), File.ReadAllText(symtypes));
        }
        finally
        {
            File.Delete(symtypes);
        }

        if (withVersions)
        {
            var versions = SymversOracle.Cli(["gendwarfksyms", "--dump-versions", module], syms);
            Assert.Equal(0, versions.ExitCode);
            Assert.Equal(Reference($"{name}.versions"), versions.Stderr);
        }
    }

    private static string Reference(string file) => File.ReadAllText(Path.Combine(DebianDebugKernel.References, file));
}
