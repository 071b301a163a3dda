using System.Text.RegularExpressions;
using Xunit;

namespace DwarfAbi.Tests.Symvers;

/// <summary>The <c>--dump-dies</c> and <c>--dump-types</c> texts, checked against the oracle's strings.</summary>
public sealed partial class DumpTests
{
    /// <summary>
    /// With one symbol per run and no type met twice, the pretty-printed DIE dump is the hashed
    /// string with its line breaks and indentation: collapsing them must give the reference's
    /// --dump-versions line.
    /// </summary>
    [Theory]
    [InlineData("gcc-dwarf5-O2", "basic")]
    [InlineData("clang-dwarf5-O2", "basic")]
    [InlineData("gcc-dwarf5-O2", "enums")]
    [InlineData("rust-v0", "rs_ffi")]
    public void Dump_dies_collapses_to_the_versions_strings(string variant, string name)
    {
        var obj = SymversOracle.PathOf(variant, name, "o");
        var versions = File.ReadAllLines(SymversOracle.PathOf(variant, name, "versions"))
            .Where(l => !l.StartsWith("warning: ", StringComparison.Ordinal))
            .ToDictionary(l => l[..l.IndexOf(' ')], l => l[(l.IndexOf(' ') + 1)..]);
        int compared = 0;
        foreach (var (symbol, expected) in versions)
        {
            if (expected.Contains("s#", StringComparison.Ordinal) || expected.Contains("t#", StringComparison.Ordinal) || expected.Contains("e#", StringComparison.Ordinal))
                continue; // a repeated type: the dump shows it again where the hash has its token
            var run = SymversOracle.Cli(["gendwarfksyms", "--dump-dies", obj], symbol + "\n");
            Assert.Equal(0, run.ExitCode);
            Assert.EndsWith("\n", run.Stderr);
            Assert.Equal(expected, Spaces().Replace(run.Stderr.TrimEnd('\n'), " "));
            compared++;
        }
        Assert.True(compared > 0);
    }

    [Fact]
    public void Dump_types_prints_each_type_map_entry_as_in_symtypes()
    {
        var obj = SymversOracle.PathOf("gcc-dwarf5-O2", "recursive", "o");
        var run = SymversOracle.Cli(["gendwarfksyms", "--dump-types", obj], File.ReadAllText(SymversOracle.PathOf("gcc-dwarf5-O2", "recursive", "syms")));
        Assert.Equal(0, run.ExitCode);
        var symtypes = File.ReadAllLines(SymversOracle.PathOf("gcc-dwarf5-O2", "recursive", "symtypes")).Where(l => l.Contains('#', StringComparison.Ordinal) && l[1] == '#');
        var dumped = run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(symtypes.Order(StringComparer.Ordinal), dumped.Order(StringComparer.Ordinal));
    }

    [GeneratedRegex(@"\n *")]
    private static partial Regex Spaces();
}
