using Xunit;
using DwarfAbi.Elf;
using DwarfAbi.Modversions;

namespace DwarfAbi.Tests.Modversions;

/// <summary><c>write</c> against the upstream modpost runs: same C, bytes, messages and refusals.</summary>
public sealed class ModpostOracleTests
{
    public static IEnumerable<object[]> Cases() => ModpostOracle.Cases();

    [Theory]
    [MemberData(nameof(Cases))]
    public void ModCAndModuleSymversAreModpostsByteForByte(string name)
    {
        var oracle = new ModpostOracle(name);
        var result = oracle.RunOurs();

        Assert.Equal(oracle.ExitCode != 0, result.Failed);
        Assert.Equal(oracle.Stderr, string.Concat(result.Messages.Select(m => m.Format() + "\n")));
        foreach (var output in result.Modules)
        {
            string expectedPath = oracle.Stem(output.Module.Name + ".o") + ".mod.c";
            Assert.Equal(File.Exists(expectedPath) ? File.ReadAllText(expectedPath) : null, output.ModC);
        }
        string symversPath = Path.Combine(oracle.Dir, "Module.symvers");
        Assert.Equal(File.Exists(symversPath) ? File.ReadAllText(symversPath) : null, result.ModuleSymvers);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void SectionBytesAreTheCompiledOnes(string name)
    {
        var oracle = new ModpostOracle(name);
        var result = oracle.RunOurs();
        foreach (var output in result.Modules.Where(o => o.ModC is not null))
        {
            string stem = oracle.Stem(output.Module.Name + ".o");
            var target = output.Module.Target;
            AssertBin(stem, VersionTableNames.Versions, output.Versions is null ? null : VersionSectionsEncoder.Versions(target, output.Versions));
            AssertBin(stem, VersionTableNames.ExtCrcs, output.Extended is null ? null : VersionSectionsEncoder.ExtCrcs(target, output.Extended));
            AssertBin(stem, VersionTableNames.ExtNames, output.Extended is null ? null : VersionSectionsEncoder.ExtNames(output.Extended));
        }
    }

    private static void AssertBin(string stem, string section, byte[]? ours)
    {
        string bin = $"{stem}.{section}.bin";
        // No dump means the table was not written, or gcc refused the C (an empty names literal).
        if (File.Exists(bin))
            Assert.Equal(File.ReadAllBytes(bin), ours);
        else if (File.Exists(stem + ".mod.o"))
            Assert.Null(ours);
    }

    public static IEnumerable<object[]> CompiledObjects() =>
        Directory.EnumerateFiles(ModpostOracle.CasesDir, "*.mod.o", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(ModpostOracle.CasesDir, f))
            .Order(StringComparer.Ordinal)
            .Select(f => new object[] { f });

    [Theory]
    [MemberData(nameof(CompiledObjects))]
    public void ShowReadsTheOraclePairsFromCompiledObjects(string modO)
    {
        string path = Path.Combine(ModpostOracle.CasesDir, modO);
        var (versions, extended) = ModpostOracle.TablesOf(File.ReadAllText(path[..^2] + ".c"));
        using var elf = ElfFile.Open(path);
        var read = ModuleVersions.Read(elf);
        Assert.Equal(versions, read.Versions);
        Assert.Equal(extended, read.Extended);
    }
}
