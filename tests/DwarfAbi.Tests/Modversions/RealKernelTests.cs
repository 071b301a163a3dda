using DwarfAbi.Tests.Support;
using System.Collections.Concurrent;
using Xunit;

namespace DwarfAbi.Tests.Modversions;

/// <summary>
/// Debian 12's 6.1 amd64 kernel, fetched by <c>bench/fetch-debian-6.1.sh</c> into
/// <c>${DWARFABI_CACHE:-$HOME/.cache/dwarfabi}/debian-6.1/current</c>.
/// </summary>
public static class DebianKernel
{
    public static string Dir { get; } = Path.Combine(
        Repo.Cache,
        "debian-6.1", "current");

    public static string Modules => Path.Combine(Dir, "modules");
    public static string Symvers => Path.Combine(Dir, "Module.symvers");
    public static bool Present => Directory.Exists(Modules) && File.Exists(Symvers);

    public static List<string> AllModules() =>
        [.. Directory.EnumerateFiles(Modules, "*.ko", SearchOption.AllDirectories).Order(StringComparer.Ordinal)];
}

public sealed class RealKernelFactAttribute : FactAttribute
{
    public RealKernelFactAttribute(params string[] tools)
    {
        if (!DebianKernel.Present)
            Skip = $"Debian 6.1 modules not in {DebianKernel.Dir}; run bench/fetch-debian-6.1.sh";
        else if (tools.FirstOrDefault(t => !ExternalTools.Exists(t)) is { } missing)
            Skip = $"not installed: {missing}";
    }
}

[Trait("Category", "RealKernel")]
public sealed class RealKernelTests
{
    [RealKernelFact("modprobe")]
    public void ShowEqualsModprobeOnEveryModule()
    {
        var differ = new ConcurrentBag<string>();
        var modules = DebianKernel.AllModules();
        Parallel.ForEach(modules, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, ko =>
        {
            string expected = ExternalTools.RunOk("modprobe", ["--dump-modversions", ko]);
            var (rc, stdout, _) = ShowCommandTests.Cli("modversions", "show", ko);
            if (rc != 0 || stdout != expected)
                differ.Add(ko);
        });
        Assert.True(modules.Count > 1000, $"only {modules.Count} modules");
        Assert.Empty(differ);
    }

    [RealKernelFact]
    public void EveryModuleLoadsAgainstItsKernel()
    {
        var (rc, stdout, _) = ShowCommandTests.Cli("modversions", "check", "--vermagic", Vermagic(), "-k", DebianKernel.Symvers, DebianKernel.Modules);
        Assert.True(rc == 0, stdout);
        Assert.Contains($"{DebianKernel.AllModules().Count} would load, 0 would not", stdout);
    }

    [RealKernelFact("modprobe")]
    public void AlteredCrcIsReportedForExactlyTheModulesThatImportIt()
    {
        using var tmp = new TempDir();
        const string symbol = "usb_register_notify";
        string symvers = tmp.File("Module.symvers");
        File.WriteAllLines(symvers, File.ReadAllLines(DebianKernel.Symvers).Select(l => l.Split('\t')[1] == symbol ? "0x00000001" + l[l.IndexOf('\t')..] : l));

        // The importers, as kmod reads their tables.
        var importers = DebianKernel.AllModules().AsParallel().WithDegreeOfParallelism(Environment.ProcessorCount)
            .Where(ko => ExternalTools.RunOk("modprobe", ["--dump-modversions", ko]).Split('\n').Any(l => l.EndsWith("\t" + symbol, StringComparison.Ordinal)))
            .OrderBy(ko => ko, StringComparer.Ordinal).ToList();
        Assert.NotEmpty(importers);

        var (rc, stdout, _) = ShowCommandTests.Cli("modversions", "check", "-k", symvers, DebianKernel.Modules);
        Assert.Equal(1, rc);
        var problems = stdout.Split('\n').Where(l => l.Contains(": disagrees about version", StringComparison.Ordinal)).ToList();
        Assert.Equal(importers.Select(ko => $"{ko}: {symbol}: "), problems.Select(l => l[..(l.IndexOf($": {symbol}: ", StringComparison.Ordinal) + symbol.Length + 4)]));
        Assert.All(problems, l => Assert.EndsWith(", kernel 0x00000001)", l));
    }

    [RealKernelFact("nm")]
    public void DroppedNamespaceImportIsReportedForTheNamespacesSymbols()
    {
        using var tmp = new TempDir();
        string original = DebianKernel.AllModules().First(ko => Path.GetFileName(ko) == "uas.ko");
        string ko = tmp.File("uas.ko");
        // Same length, so the object stays valid: the loader just no longer sees the import.
        byte[] bytes = File.ReadAllBytes(original);
        byte[] from = "import_ns=USB_STORAGE"u8.ToArray(), to = "ximport_s=USB_STORAGE"u8.ToArray();
        int at = bytes.AsSpan().IndexOf(from);
        Assert.True(at >= 0);
        to.CopyTo(bytes, at);
        File.WriteAllBytes(ko, bytes);

        var namespaced = File.ReadAllLines(DebianKernel.Symvers).Select(l => l.Split('\t')).Where(f => f.Length > 4 && f[4] == "USB_STORAGE").Select(f => f[1]).ToHashSet();
        var expected = ExternalTools.RunOk("nm", ["-u", original]).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Trim().Split(' ')[^1]).Where(namespaced.Contains).Select(s => $"{ko}: {s}: uses symbol from namespace USB_STORAGE, but does not import it").ToList();
        Assert.NotEmpty(expected);

        var (rc, stdout, _) = ShowCommandTests.Cli("modversions", "check", "-k", DebianKernel.Symvers, ko);
        Assert.Equal(1, rc);
        Assert.Equal(expected.Order(StringComparer.Ordinal), stdout.Split('\n').Where(l => l.Contains("namespace")).Order(StringComparer.Ordinal));
    }

    private static string Vermagic() =>
        ExternalTools.RunOk("modinfo", ["-F", "vermagic", DebianKernel.AllModules()[0]]).TrimEnd('\n');
}
