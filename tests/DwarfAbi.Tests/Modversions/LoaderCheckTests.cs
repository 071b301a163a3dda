using DwarfAbi.Elf;
using DwarfAbi.Modversions;
using Xunit;

namespace DwarfAbi.Tests.Modversions;

/// <summary>The loader's decisions, case by case, on modules linked by the real toolchain.</summary>
public sealed class LoaderCheckTests
{
    private static List<LoadFinding> Check(string ko, KernelInfo kernel)
    {
        using var elf = ElfFile.Open(ko);
        return LoaderCheck.Check(elf, kernel);
    }

    private static List<LoadFinding> Fatal(string ko, KernelInfo kernel) => [.. Check(ko, kernel).Where(f => f.Fatal)];

    [RequiresToolsTheory(TestModules.Compiler, TestModules.Linker)]
    [InlineData("basic")]
    [InlineData("ext")]
    [InlineData("both")]
    public void UnchangedKernelLoadsEveryModule(string config)
    {
        using var tmp = new TempDir();
        foreach (string module in new[] { "m_short", "m_ns", "m_rust", "m_odd" })
        {
            if (config == "basic" && module == "m_rust")
                continue; // modpost refuses: long names need the extended table
            var findings = Fatal(TestModules.Build(tmp, module, config), TestModules.Kernel(TestModules.FakeSymvers));
            // m_odd's kfree.123 and .strnlen are names the loader looks up literally, and finds nothing.
            var expected = module == "m_odd" ? new[] { ".strnlen", "kfree.123", "memcpy.5.6" } : [];
            Assert.Equal(expected, findings.Select(f => f.Symbol).Order(StringComparer.Ordinal));
            Assert.All(findings, f => Assert.Equal(LoadFindingKind.UnknownSymbol, f.Kind));
        }
    }

    [RequiresToolsTheory(TestModules.Compiler, TestModules.Linker)]
    [InlineData("basic", VersionTableNames.Versions)]
    [InlineData("ext", VersionTableNames.ExtCrcs)]
    [InlineData("both", VersionTableNames.ExtCrcs)]
    public void AlteredCrcIsReportedWithBothValues(string config, string table)
    {
        using var tmp = new TempDir();
        string ko = TestModules.Build(tmp, "m_short", config);
        string symvers = TestModules.EditedSymvers(tmp, "kfree", f => ["0x12345678", .. f.Skip(1)]);
        var finding = Assert.Single(Fatal(ko, TestModules.Kernel(symvers)));
        Assert.Equal((LoadFindingKind.CrcMismatch, "kfree", (ulong?)0x037a0cba, (uint?)0x12345678), (finding.Kind, finding.Symbol, finding.ModuleCrc, finding.KernelCrc));
        Assert.Contains(table, finding.Message);
    }

    [RequiresToolsFact(TestModules.Compiler, TestModules.Linker)]
    public void ExtendedTableWinsOverLegacyOne()
    {
        using var tmp = new TempDir();
        string ko = TestModules.Build(tmp, "m_rust", "both");
        // A long name is only in the extended table; with both tables present it is still checked.
        const string longName = "_RNvNtNtCsbDqzXfLQacH_6kernel4sync3arc20ArcInner_dropnopqrst";
        string symvers = TestModules.EditedSymvers(tmp, longName, f => ["0x00000001", .. f.Skip(1)]);
        var finding = Assert.Single(Fatal(ko, TestModules.Kernel(symvers)));
        Assert.Equal((LoadFindingKind.CrcMismatch, longName), (finding.Kind, finding.Symbol));
    }

    [RequiresToolsFact(TestModules.Compiler, TestModules.Linker)]
    public void MissingSymbolIsUnknownUnlessWeak()
    {
        using var tmp = new TempDir();
        string ko = TestModules.Build(tmp, "m_weak", "basic");
        var kernel = TestModules.Kernel(TestModules.EditedSymvers(tmp, "strnlen", _ => null));
        // ld -r leaves the section bounds undefined; a kernel build's final module link does not.
        var finding = Assert.Single(Fatal(ko, kernel), f => !f.Symbol!.StartsWith("__st", StringComparison.Ordinal));
        Assert.Equal((LoadFindingKind.UnknownSymbol, "strnlen"), (finding.Kind, finding.Symbol));

        // kfree is a weak reference: missing from the kernel, it is simply left unresolved.
        Assert.DoesNotContain(Fatal(ko, TestModules.Kernel(TestModules.EditedSymvers(tmp, "kfree", _ => null))), f => f.Symbol == "kfree");
    }

    [RequiresToolsFact(TestModules.Compiler, TestModules.Linker)]
    public void DroppedNamespaceImportIsReportedPerSymbol()
    {
        using var tmp = new TempDir();
        string source = TestModules.Source("m_ns").Replace("MI(2, \"import_ns=DMA_BUF\");\n", "");
        string ko = TestModules.Build(tmp, "m_ns", "basic", source);
        var findings = Fatal(ko, TestModules.Kernel(TestModules.FakeSymvers));
        Assert.Equal(["dma_buf_get", "dma_buf_put"], findings.Select(f => f.Symbol));
        Assert.All(findings, f => Assert.Equal(LoadFindingKind.MissingNamespaceImport, f.Kind));

        // The same module against a kernel whose exports lost the namespace loads again.
        var noNs = TestModules.Kernel(ModuleSymvers.Read(TestModules.FakeSymvers).Select(e => e with { Namespace = e.Namespace == "DMA_BUF" ? "" : e.Namespace }));
        Assert.Empty(Fatal(ko, noNs));
    }

    [RequiresToolsFact(TestModules.Compiler, TestModules.Linker)]
    public void GplOnlyExportsAreHiddenFromOtherLicenses()
    {
        using var tmp = new TempDir();
        string source = TestModules.Source("m_ns").Replace("license=GPL", "license=Proprietary");
        string ko = TestModules.Build(tmp, "m_ns", "basic", source);
        var gplOnly = ModuleSymvers.Read(TestModules.FakeSymvers).Where(e => e.GplOnly).Select(e => e.Name).ToHashSet();
        var findings = Fatal(ko, TestModules.Kernel(TestModules.FakeSymvers));
        Assert.NotEmpty(findings);
        Assert.All(findings, f => Assert.True(f.Kind == LoadFindingKind.GplOnlySymbol && gplOnly.Contains(f.Symbol!), f.Format("m_ns")));
    }

    [Fact]
    public void VermagicReleaseWordIsIgnoredOnlyWithLegacyTable()
    {
        Assert.True(LoaderCheck.SameMagic("6.1.0-55-amd64 SMP mod_unload ", "6.1.0-56-amd64 SMP mod_unload ", skipRelease: true));
        Assert.False(LoaderCheck.SameMagic("6.1.0-55-amd64 SMP mod_unload ", "6.1.0-56-amd64 SMP mod_unload ", skipRelease: false));
        Assert.False(LoaderCheck.SameMagic("6.1.0-56-amd64 SMP ", "6.1.0-56-amd64 SMP preempt ", skipRelease: true));
    }
}
