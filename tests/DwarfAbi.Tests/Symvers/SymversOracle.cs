using DwarfAbi.Cli;

namespace DwarfAbi.Tests.Symvers;

/// <summary>The six ways the reference tool was run on every oracle object (see TestData/symvers/README.md).</summary>
public enum OracleMode
{
    Plain,
    Stable,
    Symtypes,
    StableSymtypes,
    Versions,
    StableVersions,
}

/// <summary>
/// The gendwarfksyms oracle: objects built by real compilers and the outputs of the upstream
/// tool for them, and a way to run our command on them in-process the same way.
/// </summary>
public static class SymversOracle
{
    public static string Root { get; } = FindRoot();

    public static string Out => Path.Combine(Root, "out");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "tests", "DwarfAbi.Tests", "TestData", "symvers");
            if (Directory.Exists(candidate))
                return candidate;
        }
        throw new DirectoryNotFoundException("tests/DwarfAbi.Tests/TestData/symvers not found above " + AppContext.BaseDirectory);
    }

    /// <summary>Every object as (variant, name), in a stable order.</summary>
    public static IReadOnlyList<(string Variant, string Name)> Objects { get; } =
        [.. Directory.GetFiles(Out, "*.o", SearchOption.AllDirectories)
            .Select(p => (Path.GetFileName(Path.GetDirectoryName(p)!), Path.GetFileNameWithoutExtension(p)))
            .OrderBy(o => o.Item1, StringComparer.Ordinal).ThenBy(o => o.Item2, StringComparer.Ordinal)];

    public static string PathOf(string variant, string name, string extension) => Path.Combine(Out, variant, $"{name}.{extension}");

    /// <summary>The oracle file a mode is judged by.</summary>
    public static string ExpectedFile(OracleMode mode) => mode switch
    {
        OracleMode.Plain => "symvers",
        OracleMode.Stable => "stable.symvers",
        OracleMode.Symtypes => "symtypes",
        OracleMode.StableSymtypes => "stable.symtypes",
        OracleMode.Versions => "versions",
        _ => "stable.versions",
    };

    public static bool IsStable(OracleMode mode) => mode is OracleMode.Stable or OracleMode.StableSymtypes or OracleMode.StableVersions;

    /// <summary>Runs our gendwarfksyms like the reference run of <paramref name="mode"/>.</summary>
    public static OracleRun Run(string variant, string name, OracleMode mode)
    {
        string obj = PathOf(variant, name, "o");
        return RunMode(mode, obj, File.ReadAllText(PathOf(variant, name, "syms")), (args, stdin) => Cli(["gendwarfksyms", .. args], stdin));
    }

    /// <summary>
    /// Runs a gendwarfksyms (<paramref name="tool"/>: arguments and stdin to a result) on
    /// <paramref name="obj"/> the way the reference was run in <paramref name="mode"/>, with the
    /// symtypes file it wrote, if any.
    /// </summary>
    public static OracleRun RunMode(OracleMode mode, string obj, string syms, Func<IReadOnlyList<string>, string, OracleRun> tool)
    {
        var args = new List<string>();
        if (IsStable(mode))
            args.Add("--stable");
        string? symtypes = null;
        if (mode is OracleMode.Symtypes or OracleMode.StableSymtypes)
        {
            symtypes = Path.Combine(Path.GetTempPath(), $"dwarfabi-{Guid.NewGuid():N}.symtypes");
            args.AddRange(["--symtypes", symtypes]);
        }
        if (mode is OracleMode.Versions or OracleMode.StableVersions)
            args.Add("--dump-versions");
        args.Add(obj);
        var result = tool(args, syms);
        string? written = null;
        if (symtypes is not null && File.Exists(symtypes))
        {
            written = File.ReadAllText(symtypes);
            File.Delete(symtypes);
        }
        return result with { Symtypes = written };
    }

    public static OracleRun Cli(IEnumerable<string> args, string stdin)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int rc = Program.Run([.. args], new StringReader(stdin), stdout, stderr);
        return new OracleRun(rc, stdout.ToString(), stderr.ToString(), null);
    }

    /// <summary>The bytes our run produced for the file the mode is compared against.</summary>
    public static string Actual(OracleRun run, OracleMode mode) => mode switch
    {
        OracleMode.Plain or OracleMode.Stable => run.Stdout,
        OracleMode.Symtypes or OracleMode.StableSymtypes => run.Symtypes ?? "",
        _ => run.Stderr,
    };

    public static string Expected(string variant, string name, OracleMode mode) => File.ReadAllText(PathOf(variant, name, ExpectedFile(mode)));
}

public sealed record OracleRun(int ExitCode, string Stdout, string Stderr, string? Symtypes);
