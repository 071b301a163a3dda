using Xunit;

namespace DwarfAbi.Tests.Symvers;

/// <summary>
/// Broken kABI rule sections (spec §1.3, §5.1, §5.6). The objects are the corpus's kabi_rules.o
/// with its rule section replaced by objcopy --update-section.
/// </summary>
public sealed class KabiRuleErrorTests
{
    private static readonly string Syms = File.ReadAllText(SymversOracle.PathOf("gcc-dwarf5-O2", "kabi_rules", "syms"));

    private static string Bad(string name) => Path.Combine(SymversOracle.Root, "bad", name + ".o");

    [Theory]
    [InlineData("rules_short", "kABI rule section too small: 4 bytes")]
    [InlineData("rules_unterminated", "kABI rules are not null-terminated")]
    [InlineData("rules_version", "unsupported kABI rule version: '2'")]
    [InlineData("rules_type", "unsupported kABI rule type: 'bogus'")]
    [InlineData("rules_value", "invalid unsigned value 'eight'")]
    [InlineData("rules_empty_string", "empty type string override for 'kr_override_sym'")]
    [InlineData("rules_unknown_ref", "unknown type reference to 's#nowhere' when expanding 'kr_override_sym'")]
    public void Stable_run_fails_naming_the_file_and_problem(string name, string message)
    {
        var run = SymversOracle.Cli(["gendwarfksyms", "--stable", Bad(name)], Syms);
        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith($"error: gendwarfksyms: {Bad(name)}: {message}", run.Stderr);
        Assert.Empty(run.Stdout);
    }

    [Theory]
    [InlineData("rules_short")]
    [InlineData("rules_type")]
    [InlineData("rules_unknown_ref")]
    public void Rules_are_not_read_without_stable(string name)
    {
        var run = SymversOracle.Cli(["gendwarfksyms", Bad(name)], Syms);
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(File.ReadAllText(SymversOracle.PathOf("gcc-dwarf5-O2", "kabi_rules", "symvers")), run.Stdout);
    }

    [Fact]
    public void Leftover_bytes_after_the_last_rule_are_a_warning()
    {
        var run = SymversOracle.Cli(["gendwarfksyms", "--stable", Bad("rules_trailing")], Syms);
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("warning: gendwarfksyms: kabi_read_rules: unexpected data at the end of the kABI rules section\n", run.Stderr);
    }
}
