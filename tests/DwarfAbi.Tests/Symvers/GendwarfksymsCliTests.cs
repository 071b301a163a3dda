using Xunit;

namespace DwarfAbi.Tests.Symvers;

/// <summary>Command line, exit codes and bad input, as the reference tool behaves (spec §1).</summary>
public sealed class GendwarfksymsCliTests
{
    private const string UsageStart = "Usage: gendwarfksyms [options] elf-object-file ... < symbol-list\n";

    private static readonly string Basic = SymversOracle.PathOf("gcc-dwarf5-O2", "basic", "o");
    private static readonly string BasicSyms = File.ReadAllText(SymversOracle.PathOf("gcc-dwarf5-O2", "basic", "syms"));
    private static readonly string BasicSymvers = File.ReadAllText(SymversOracle.PathOf("gcc-dwarf5-O2", "basic", "symvers"));
    private static readonly string KabiStable = File.ReadAllText(SymversOracle.PathOf("gcc-dwarf5-O2", "kabi_rules", "stable.symvers"));
    private static readonly string NoDwarf = Path.Combine(SymversOracle.Root, "bad", "nodwarf.o");

    private static OracleRun Run(string stdin, params string[] args) => SymversOracle.Cli(["gendwarfksyms", .. args], stdin);

    [Fact]
    public void Blank_line_in_the_symbol_list_is_fatal()
    {
        var run = Run("basic_int\n\nbasic_char\n", Basic);
        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("error: gendwarfksyms: malformed input line", run.Stderr);
        Assert.Empty(run.Stdout);
    }

    [Fact]
    public void Line_of_blanks_is_fatal()
    {
        var run = Run(" \t \n", Basic);
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("malformed input line", run.Stderr);
    }

    [Fact]
    public void Object_without_dwarf_is_an_error_naming_the_file()
    {
        var run = Run(BasicSyms, NoDwarf);
        Assert.Equal(1, run.ExitCode);
        Assert.Equal($"error: gendwarfksyms: {NoDwarf}: dwarf_get_units failed: no debugging information?\n", run.Stderr);
        Assert.Empty(run.Stdout);
    }

    [Fact]
    public void Empty_symbol_list_exits_at_once_without_output()
    {
        string symtypes = Path.Combine(Path.GetTempPath(), $"dwarfabi-{Guid.NewGuid():N}.symtypes");
        // The object is never opened: one without DWARF is fine.
        var run = Run("", "--symtypes", symtypes, NoDwarf);
        Assert.Equal(0, run.ExitCode);
        Assert.Empty(run.Stdout);
        Assert.Empty(run.Stderr);
        Assert.False(File.Exists(symtypes));
    }

    [Theory]
    [InlineData("-h")]
    [InlineData("--help")]
    [InlineData("--he")]
    public void Help_prints_usage_and_exits_0(string option)
    {
        var run = Run("", option, "-x");
        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith(UsageStart, run.Stderr);
        Assert.Empty(run.Stdout);
    }

    [Theory]
    [InlineData("gendwarfksyms: invalid option -- 'x'\n", "-x")]
    [InlineData("gendwarfksyms: unrecognized option '--bogus'\n", "--bogus")]
    [InlineData("gendwarfksyms: unrecognized option '--bogus=1'\n", "--bogus=1")]
    [InlineData("gendwarfksyms: option '--dump' is ambiguous; possibilities: '--dump-dies' '--dump-die-map' '--dump-types' '--dump-versions'\n", "--dump")]
    [InlineData("gendwarfksyms: option '--dump-die' is ambiguous; possibilities: '--dump-dies' '--dump-die-map'\n", "--dump-die")]
    [InlineData("gendwarfksyms: option '--stable' doesn't allow an argument\n", "--stab=1")]
    [InlineData("gendwarfksyms: option '--symtypes' requires an argument\n", "--symtypes")]
    [InlineData("gendwarfksyms: option requires an argument -- 'T'\n", "-T")]
    public void Bad_option_prints_getopt_message_and_usage_and_exits_1(string message, string option)
    {
        var run = Run(BasicSyms, Basic, option);
        Assert.Equal(1, run.ExitCode);
        Assert.Equal(message + UsageStart, run.Stderr[..(message.Length + UsageStart.Length)]);
        Assert.Empty(run.Stdout);
    }

    [Fact]
    public void No_input_files_is_an_error()
    {
        var run = Run(BasicSyms, "--stable");
        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith(UsageStart, run.Stderr);
        Assert.EndsWith("error: gendwarfksyms: main: no input files?\n", run.Stderr);
    }

    [Fact]
    public void Missing_object_is_an_error_naming_it()
    {
        var run = Run(BasicSyms, "/nonexistent/dir/x.o");
        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("error: gendwarfksyms: /nonexistent/dir/x.o: ", run.Stderr);
        Assert.Empty(run.Stdout);
    }

    [Fact]
    public void File_that_is_not_elf_is_an_error()
    {
        var run = Run(BasicSyms, SymversOracle.PathOf("gcc-dwarf5-O2", "basic", "syms"));
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("not an ELF file", run.Stderr);
    }

    [Theory]
    [InlineData("--stable")]
    [InlineData("-s")]
    [InlineData("--st")]
    [InlineData("-ds")]
    public void Stable_spellings(string option)
    {
        var obj = SymversOracle.PathOf("gcc-dwarf5-O2", "kabi_rules", "o");
        var run = Run(File.ReadAllText(SymversOracle.PathOf("gcc-dwarf5-O2", "kabi_rules", "syms")), obj, option);
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(KabiStable, run.Stdout);
    }

    [Theory]
    [InlineData("--symtypes={0}", "OBJ")]
    [InlineData("--symtypes", "{0}", "OBJ")]
    [InlineData("--sym", "{0}", "OBJ")]
    [InlineData("-T{0}", "OBJ")]
    [InlineData("-T", "{0}", "OBJ")]
    [InlineData("OBJ", "-T", "{0}")]
    [InlineData("-T", "{0}", "--", "OBJ")]
    public void Symtypes_spellings_and_operand_positions(params string[] pattern)
    {
        string symtypes = Path.Combine(Path.GetTempPath(), $"dwarfabi-{Guid.NewGuid():N}.symtypes");
        var args = pattern.Select(a => a == "OBJ" ? Basic : string.Format(System.Globalization.CultureInfo.InvariantCulture, a, symtypes)).ToArray();
        var run = Run(BasicSyms, args);
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(BasicSymvers, run.Stdout);
        Assert.Equal(File.ReadAllText(SymversOracle.PathOf("gcc-dwarf5-O2", "basic", "symtypes")), File.ReadAllText(symtypes));
        File.Delete(symtypes);
    }

    [Fact]
    public void Operand_after_double_dash_may_look_like_an_option()
    {
        var run = Run(BasicSyms, "--", "-s");
        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("error: gendwarfksyms: -s: ", run.Stderr);
    }

    [Fact]
    public void Symbols_without_dwarf_get_crc_0_and_a_warning()
    {
        var run = Run("no_such_symbol\nbasic_counter trailing words\n", Basic);
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("#SYMVER no_such_symbol 0x00000000\n", run.Stdout);
        Assert.Equal("warning: gendwarfksyms: symbol_print_versions: no information for symbol no_such_symbol\n", run.Stderr);
    }

    [Fact]
    public void Verb_is_reachable_through_the_dwarfabi_front_end()
    {
        var run = SymversOracle.Cli(["gendwarfksyms", Basic], BasicSyms);
        Assert.Equal(BasicSymvers, run.Stdout);
        var help = SymversOracle.Cli(["--help"], "");
        Assert.Contains("gendwarfksyms", help.Stdout);
    }
}
