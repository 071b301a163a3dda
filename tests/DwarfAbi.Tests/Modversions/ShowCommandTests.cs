using DwarfAbi.Cli;
using Xunit;

namespace DwarfAbi.Tests.Modversions;

/// <summary><c>modversions show</c> against kmod's <c>modprobe --dump-modversions</c>, and on bad input.</summary>
public sealed class ShowCommandTests
{
    public static (int ExitCode, string Stdout, string Stderr) Cli(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int rc = Program.Run(args, stdout, stderr);
        return (rc, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Every oracle object kmod can read (it knows only <c>__versions</c>).</summary>
    public static IEnumerable<object[]> LegacyObjects() =>
        ModpostOracleTests.CompiledObjects().Where(o => File.Exists(Path.Combine(ModpostOracle.CasesDir, ((string)o[0])[..^6] + ".__versions.bin")));

    [RequiresToolsTheory("modprobe")]
    [MemberData(nameof(LegacyObjects))]
    public void ShowEqualsModprobeDumpModversions(string modO)
    {
        string path = Path.Combine(ModpostOracle.CasesDir, modO);
        string expected = ExternalTools.RunOk("modprobe", ["--dump-modversions", path]);
        var (rc, stdout, stderr) = Cli("modversions", "show", path);
        Assert.True(rc == 0, stderr);
        Assert.Equal(expected, stdout);
    }

    [Fact]
    public void ExtendedOnlyModulePrintsTheExtendedPairsAndAllMarksSources()
    {
        string path = Path.Combine(ModpostOracle.CasesDir, "x86_64", "both", "m_rust", "m_rust.mod.o");
        var (_, all, _) = Cli("modversions", "show", "--table", "all", path);
        var lines = all.TrimEnd('\n').Split('\n').Select(l => l.Split('\t')).ToList();
        var (versions, extended) = ModpostOracle.TablesOf(File.ReadAllText(path[..^2] + ".c"));
        Assert.Equal(extended!.Select(e => e.Name), lines.Select(l => l[1]));
        Assert.All(lines, l => Assert.Equal(versions!.Any(v => v.Name == l[1]) ? "versions,ext" : "ext", l[2]));

        string extOnly = Path.Combine(ModpostOracle.CasesDir, "x86_64", "ext", "m_rust", "m_rust.mod.o");
        var (rc, text, _) = Cli("modversions", "show", extOnly);
        Assert.Equal(0, rc);
        Assert.Equal(string.Concat(extended!.Select(e => $"0x{e.Crc:x8}\t{e.Name}\n")), text);
    }

    [Fact]
    public void JsonListsEveryPairWithItsTables()
    {
        string path = Path.Combine(ModpostOracle.CasesDir, "x86_64", "both", "m_bnd", "m_bnd.mod.o");
        var (rc, json, _) = Cli("modversions", "show", "--json", path);
        Assert.Equal(0, rc);
        using var doc = System.Text.Json.JsonDocument.Parse(json);
        var module = doc.RootElement[0];
        var (versions, extended) = ModpostOracle.TablesOf(File.ReadAllText(path[..^2] + ".c"));
        Assert.Equal(versions!.Count, module.GetProperty("versions").GetInt32());
        Assert.Equal(extended!.Select(e => e.Name), module.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("name").GetString()));
    }

    public static IEnumerable<object[]> BadTables() =>
    [
        ["versions65", "char v[65] __attribute__((section(\"__versions\"))) = {1};", "__versions: size 65 is not a multiple of the 64-byte record"],
        ["unterminated", "char v[64] __attribute__((section(\"__versions\"))) = \"\\1\\0\\0\\0\\0\\0\\0\\0abcdefghabcdefghabcdefghabcdefghabcdefghabcdefghabcdefgh\";", "__versions: record 0 has a name without a terminating NUL"],
        ["onlycrcs", "unsigned c[1] __attribute__((section(\"__version_ext_crcs\"))) = {1};", "__version_ext_crcs: present without __version_ext_names"],
        ["fewnames", "unsigned c[3] __attribute__((section(\"__version_ext_crcs\"))) = {1,2,3};\nchar n[] __attribute__((section(\"__version_ext_names\"))) = \"a\\0b\";", "__version_ext_names: holds 2 names for 3 CRCs"],
        ["openname", "unsigned c[1] __attribute__((section(\"__version_ext_crcs\"))) = {1};\nchar n[3] __attribute__((section(\"__version_ext_names\"))) = \"abc\";", "__version_ext_names: name 0 has no terminating NUL"],
        ["oddcrcs", "char c[6] __attribute__((section(\"__version_ext_crcs\"))) = {1};\nchar n[] __attribute__((section(\"__version_ext_names\"))) = \"a\";", "__version_ext_crcs: size 6 is not a multiple of the 4-byte CRC"],
    ];

    [RequiresToolsTheory("gcc")]
    [MemberData(nameof(BadTables))]
    public void MalformedTablesAreClearErrorsNamingModuleAndTable(string name, string source, string message)
    {
        using var tmp = new TempDir();
        File.WriteAllText(tmp.File(name + ".c"), source + "\n");
        string obj = tmp.File(name + ".o");
        ExternalTools.RunOk("gcc", ["-c", "-o", obj, tmp.File(name + ".c")]);
        var (rc, stdout, stderr) = Cli("modversions", "show", obj);
        Assert.Equal(ExitCodes.Error, rc);
        Assert.Equal("", stdout);
        Assert.StartsWith($"dwarfabi: error: {obj}: section {message}", stderr);
    }

    [Fact]
    public void NotAnElfFileAndUsageErrors()
    {
        using var tmp = new TempDir();
        File.WriteAllText(tmp.File("text.ko"), "not a module");
        var (rc, _, stderr) = Cli("modversions", "show", tmp.File("text.ko"));
        Assert.Equal(ExitCodes.Error, rc);
        Assert.Contains("text.ko: not an ELF file", stderr);

        Assert.Equal(ExitCodes.Usage, Cli("modversions", "show").ExitCode);
        Assert.Equal(ExitCodes.Usage, Cli("modversions", "check", "x.ko").ExitCode);
        Assert.Equal(ExitCodes.Usage, Cli("modversions", "frobnicate").ExitCode);
        Assert.Equal(ExitCodes.Usage, Cli("modversions", "show", "--table", "nope", "x.ko").ExitCode);
    }
}
