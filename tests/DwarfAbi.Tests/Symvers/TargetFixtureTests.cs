using System.Collections.Concurrent;
using DwarfAbi.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace DwarfAbi.Tests.Symvers;

/// <summary>
/// The kernel's own scripts/gendwarfksyms, built by tests/fixtures/build-gendwarfksyms.sh (which
/// ./setup.sh runs), and the objects of tests/fixtures/build-symvers-targets.sh.
/// </summary>
public static class TargetFixtures
{
    public static string Reference { get; } = Path.Combine(Repo.Cache, "gendwarfksyms", "current", "gendwarfksyms");

    private static readonly Lazy<string> Built = new(Build);

    /// <summary>The directory of the compiled fixtures, built on first use.</summary>
    public static string Dir => Built.Value;

    /// <summary>Every variant the fixture script builds: each target with gcc and clang, and rustc, at DWARF 4 and 5.</summary>
    public static IEnumerable<string> Variants()
    {
        string[] targets = ["x86_64", "aarch64", "arm", "riscv64", "s390x", "i686", "ppc64le"];
        string[] compilers = [.. targets.SelectMany(t => new[] { $"{t}-gcc", $"{t}-clang" }), "x86_64-rustc-v0", "x86_64-rustc-legacy"];
        return compilers.SelectMany(c => new[] { $"{c}-dwarf4", $"{c}-dwarf5" });
    }

    private static string Build()
    {
        Assert.True(File.Exists(Reference), $"{Reference} is missing: the kernel's gendwarfksyms is required; ./setup.sh builds it (tests/fixtures/build-gendwarfksyms.sh)");
        var run = Tool.Run("bash", Path.Combine(Repo.Root, "tests", "fixtures", "build-symvers-targets.sh"));
        Assert.True(run.ExitCode == 0, $"build-symvers-targets.sh exited {run.ExitCode}: {run.Stderr}");
        return run.Stdout.Trim();
    }
}

/// <summary>
/// Every fixture object of every target and compiler, in every mode, through the kernel's
/// gendwarfksyms and ours: stdout, stderr, the symtypes file and the exit code must be identical.
/// </summary>
public sealed class TargetFixtureTests(ITestOutputHelper output)
{
    private sealed record Outcome(string Object, OracleMode Mode, string? Difference);

    private static readonly ConcurrentDictionary<string, Lazy<IReadOnlyList<Outcome>>> Compared = new();

    public static TheoryData<string> VariantData() => [.. TargetFixtures.Variants()];

    [Theory]
    [MemberData(nameof(VariantData))]
    public void Outputs_are_identical_to_the_kernel_tool(string variant)
    {
        var outcomes = Compare(variant);
        output.WriteLine($"{variant}: {outcomes.Count(o => o.Difference is null)} of {outcomes.Count} outputs identical");
        var differences = outcomes.Where(o => o.Difference is not null).Select(o => $"{o.Object} {o.Mode}: {o.Difference}");
        Assert.Empty(differences);
    }

    [Fact]
    public void Summary_of_identical_outputs()
    {
        var all = TargetFixtures.Variants().SelectMany(Compare).ToList();
        foreach (var mode in Enum.GetValues<OracleMode>())
        {
            var ofMode = all.Where(o => o.Mode == mode).ToList();
            output.WriteLine($"{mode,-15} {ofMode.Count(o => o.Difference is null)} of {ofMode.Count} identical");
        }
        int objects = all.Select(o => o.Object).Distinct().Count();
        output.WriteLine($"{all.Count(o => o.Difference is null)} of {all.Count} identical ({objects} objects, {TargetFixtures.Variants().Count()} variants)");
        Assert.All(all, o => Assert.Null(o.Difference));
    }

    private static IReadOnlyList<Outcome> Compare(string variant) =>
        Compared.GetOrAdd(variant, v => new Lazy<IReadOnlyList<Outcome>>(() => CompareVariant(v))).Value;

    private static List<Outcome> CompareVariant(string variant)
    {
        string dir = Path.Combine(TargetFixtures.Dir, variant);
        var objects = Directory.Exists(dir) ? Directory.GetFiles(dir, "*.o").Order(StringComparer.Ordinal).ToList() : [];
        Assert.True(objects.Count > 0, $"{dir}: no fixture objects");
        return [.. objects.SelectMany(obj => Enum.GetValues<OracleMode>().Select(mode => CompareRun(obj, mode)))];
    }

    private static Outcome CompareRun(string obj, OracleMode mode)
    {
        string syms = File.ReadAllText(Path.ChangeExtension(obj, "syms"));
        var expected = SymversOracle.RunMode(mode, obj, syms, RunReference);
        var actual = SymversOracle.RunMode(mode, obj, syms, (args, stdin) => SymversOracle.Cli(["gendwarfksyms", .. args], stdin));
        string name = Path.GetRelativePath(TargetFixtures.Dir, obj);
        return new Outcome(name, mode, Difference(expected, actual));
    }

    private static OracleRun RunReference(IReadOnlyList<string> args, string stdin)
    {
        var r = Tool.RunWithInput(TargetFixtures.Reference, stdin, args);
        return new OracleRun(r.ExitCode, r.Stdout, r.Stderr, null);
    }

    private static string? Difference(OracleRun expected, OracleRun actual) =>
        expected.ExitCode != actual.ExitCode ? $"exit code {actual.ExitCode}, expected {expected.ExitCode} ({actual.Stderr.Trim()})"
        : expected.Stdout != actual.Stdout ? FirstDifference("stdout", expected.Stdout, actual.Stdout)
        : expected.Stderr != actual.Stderr ? FirstDifference("stderr", expected.Stderr, actual.Stderr)
        : expected.Symtypes != actual.Symtypes ? FirstDifference("symtypes", expected.Symtypes ?? "(none)", actual.Symtypes ?? "(none)")
        : null;

    private static string FirstDifference(string what, string expected, string actual)
    {
        var e = expected.Split('\n');
        var a = actual.Split('\n');
        int line = 0;
        while (line < e.Length && line < a.Length && e[line] == a[line])
            line++;
        string el = line < e.Length ? e[line] : "", al = line < a.Length ? a[line] : "";
        int column = 0;
        while (column < el.Length && column < al.Length && el[column] == al[column])
            column++;
        return $"{what} line {line + 1} column {column + 1}: expected \"{Around(el, column)}\", got \"{Around(al, column)}\"";
    }

    /// <summary>The text near a column: type strings can be thousands of characters long.</summary>
    private static string Around(string text, int column)
    {
        int start = Math.Max(0, column - 60);
        return text[start..Math.Min(text.Length, column + 60)];
    }
}
