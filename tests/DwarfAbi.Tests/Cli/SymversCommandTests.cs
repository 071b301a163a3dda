using System.Text.Json;
using DwarfAbi.Tests.Support;
using DwarfAbi.Tests.Symvers;

namespace DwarfAbi.Tests.Cli;

/// <summary>
/// <c>dwarfabi symvers</c> finds the exports that kbuild would list and gives the versions that
/// the reference gendwarfksyms gave for that list.
/// </summary>
public class SymversCommandTests
{
    private static readonly string Oracle = Path.Combine(Repo.TestData, "symvers", "out");

    public static TheoryData<string> RustObjects()
    {
        var data = new TheoryData<string>();
        foreach (string o in Directory.EnumerateFiles(Oracle, "*.o", SearchOption.AllDirectories).Where(f => Path.GetFileName(Path.GetDirectoryName(f)!).StartsWith("rust-", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
            data.Add(Path.GetRelativePath(Oracle, o));
        return data;
    }

    /// <summary>Rust exports: rust/Makefile's nm rule, whose output is the oracle's symbol list.</summary>
    [Theory]
    [MemberData(nameof(RustObjects))]
    public void RustExportsAreTheNmListAndVersionsMatch(string relative)
    {
        string obj = Path.Combine(Oracle, relative);
        var r = Tool.RunCli("symvers", "--quiet", obj);
        Assert.Equal(0, r.ExitCode);
        Assert.Equal(Sorted(File.ReadAllText(Path.ChangeExtension(obj, ".symvers"))), Sorted(r.Stdout));
    }

    /// <summary>C exports: the __export_symbol_ markers, listed by scripts/Makefile.build's nm rule.</summary>
    [Fact]
    public void ExportMarkersGiveTheKbuildList()
    {
        string obj = Path.Combine(Oracle, "gcc-dwarf5-O2", "kstyle.o");
        var r = Tool.RunCli("symvers", "--quiet", obj);
        Assert.Equal(0, r.ExitCode);
        Assert.Equal(File.ReadAllText(Path.ChangeExtension(obj, ".symvers")), r.Stdout);
    }

    [Fact]
    public void JsonAndTableFormatsCarryTheSameVersions()
    {
        string obj = Path.Combine(Oracle, "clang-dwarf5-O2", "kstyle.o");
        var expected = Sorted(File.ReadAllText(Path.ChangeExtension(obj, ".symvers")));

        var json = JsonDocument.Parse(Tool.RunCli("symvers", "-q", "-f", "json", obj).Stdout);
        var fromJson = json.RootElement[0].GetProperty("symbols").EnumerateArray()
            .Select(s => $"#SYMVER {s.GetProperty("name").GetString()} {s.GetProperty("crc").GetString()}");
        Assert.Equal(expected, Sorted(string.Join('\n', fromJson)));

        var table = Tool.RunCli("symvers", "-q", "--format=table", obj).Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split('\t')).Select(c => $"#SYMVER {c[1]} {c[0]}");
        Assert.Equal(expected, Sorted(string.Join('\n', table)));
    }

    [Fact]
    public void DirectoriesAreSearchedAndOutputIsWrittenToAFile()
    {
        string output = Path.Combine(Path.GetTempPath(), $"dwarfabi-symvers-{Guid.NewGuid():N}.txt");
        try
        {
            var r = Tool.RunCli("symvers", "-q", "-j", "2", "-o", output, Path.Combine(Oracle, "rust-v0"));
            Assert.Equal(0, r.ExitCode);
            Assert.Empty(r.Stdout);
            var expected = Directory.EnumerateFiles(Path.Combine(Oracle, "rust-v0"), "*.symvers")
                .Where(f => !f.EndsWith(".stable.symvers", StringComparison.Ordinal))
                .SelectMany(f => Sorted(File.ReadAllText(f)));
            Assert.Equal(expected.Order(StringComparer.Ordinal), Sorted(File.ReadAllText(output)));
        }
        finally
        {
            File.Delete(output);
        }
    }

    [Fact]
    public void BadInputIsReported()
    {
        Assert.Equal(1, Tool.RunCli("symvers", "/nonexistent.o").ExitCode);
        Assert.Equal(2, Tool.RunCli("symvers", "--format", "xml", "x.o").ExitCode);
        Assert.Equal(2, Tool.RunCli("symvers").ExitCode);
    }

    /// <summary>A linked module of an older kernel: its exports are the __ksymtab_ symbols.</summary>
    [Trait("Category", "RealKernel")]
    [DebianDebugFact("dbg/usr/lib/debug/lib/modules/6.1.0-56-amd64/kernel/net/bluetooth/bluetooth.ko")]
    public void KsymtabExportsOfARealModuleGiveTheReferenceVersions()
    {
        var r = Tool.RunCli("symvers", "-q", Path.Combine(DebianDebugKernel.Modules, "net", "bluetooth", "bluetooth.ko"));
        Assert.Equal(0, r.ExitCode);
        Assert.Equal(File.ReadAllText(Path.Combine(DebianDebugKernel.References, "bluetooth.symvers")), r.Stdout);
    }

    private static List<string> Sorted(string lines) =>
        [.. lines.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal)];
}

