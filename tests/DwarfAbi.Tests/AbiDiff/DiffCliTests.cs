using DwarfAbi.Tests.Symvers;

namespace DwarfAbi.Tests.AbiDiff;

/// <summary>Command line of <c>diff</c> and <c>snapshot</c>: usage errors exit 2, bad input exits 1 with the file named.</summary>
public sealed class DiffCliTests
{
    private static readonly string V1 = SymversOracle.PathOf("gcc-dwarf5-O2", "abi_fieldtype_v1", "o");
    private static readonly string V2 = SymversOracle.PathOf("gcc-dwarf5-O2", "abi_fieldtype_v2", "o");

    [Theory]
    [InlineData("diff")]
    [InlineData("diff", "one")]
    [InlineData("diff", "--bogus", "a", "b")]
    [InlineData("diff", "--color=sometimes", "a", "b")]
    [InlineData("snapshot")]
    public void Usage_errors_exit_2(params string[] args)
    {
        var (rc, stdout, stderr) = DiffCli.Run(args);
        Assert.Equal(2, rc);
        Assert.Empty(stdout);
        Assert.StartsWith("dwarfabi: ", stderr);
    }

    [Fact]
    public void Help_lists_the_exit_codes_and_the_verbs_are_registered()
    {
        var (rc, stdout, _) = DiffCli.Run("diff", "--help");
        Assert.Equal(0, rc);
        Assert.Contains("0 no ABI change, 3 ABI changes, 1 errors", stdout);
        var (_, usage, _) = DiffCli.Run("--help");
        Assert.Contains("  diff ", usage);
        Assert.Contains("  snapshot ", usage);
    }

    [Fact]
    public void Missing_input_is_an_error_naming_it()
    {
        var (rc, _, stderr) = DiffCli.Run("diff", "/nonexistent/old.o", V2);
        Assert.Equal(1, rc);
        Assert.Equal("dwarfabi: error: /nonexistent/old.o: no such file or directory\n", stderr);
    }

    [Fact]
    public void Object_without_exports_asks_for_a_list()
    {
        var (rc, _, stderr) = DiffCli.Run("diff", V1, V2);
        Assert.Equal(1, rc);
        Assert.Contains($"{V1}: no exported symbols found", stderr);
    }

    [Fact]
    public void Kernel_style_markers_give_the_export_list()
    {
        string obj = SymversOracle.PathOf("gcc-dwarf5-O2", "kstyle", "o");
        var (rc, report) = DiffCli.Json("diff", "--json", obj, obj);
        Assert.Equal(0, rc);
        Assert.Equal(0, report.GetProperty("changed").GetArrayLength());
        var (_, snapshot, _) = DiffCli.Run("snapshot", obj);
        var exports = snapshot.Split('\n').Where(l => l.StartsWith("#export ", StringComparison.Ordinal)).Select(l => l.Split(' ')[1]);
        var listed = File.ReadAllLines(SymversOracle.PathOf("gcc-dwarf5-O2", "kstyle", "symvers")).Select(l => l.Split(' ')[1]);
        Assert.Subset(listed.ToHashSet(), exports.ToHashSet());
    }

    [Fact]
    public void Colour_only_when_asked_or_on_a_terminal()
    {
        string syms = SymversOracle.PathOf("gcc-dwarf5-O2", "abi_fieldtype_v1", "syms");
        var (_, plain, _) = DiffCli.Run("diff", "-e", syms, V1, V2);
        var (_, coloured, _) = DiffCli.Run("diff", "-e", syms, "--color=always", V1, V2);
        Assert.DoesNotContain("\e[", plain);
        Assert.Contains("\e[33mstruct af_item changed:\e[0m", coloured);
    }
}
