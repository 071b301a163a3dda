using System.Text.Json;
using DwarfAbi.Cli;
using DwarfAbi.Tests.Symvers;

namespace DwarfAbi.Tests.AbiDiff;

/// <summary>Runs <c>dwarfabi diff</c> and <c>snapshot</c> in-process, and reads the JSON report.</summary>
public static class DiffCli
{
    public static (int ExitCode, string Stdout, string Stderr) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int rc = Program.Run(args, stdout, stderr);
        return (rc, stdout.ToString(), stderr.ToString());
    }

    /// <summary>The JSON report of a diff of two oracle objects, with their own export lists.</summary>
    public static (int ExitCode, JsonElement Report) Pair(string variant, string pair, bool stable, params string[] extra)
    {
        var args = new List<string> { "diff", "--json",
            "--old-exports", SymversOracle.PathOf(variant, pair + "_v1", "syms"),
            "--new-exports", SymversOracle.PathOf(variant, pair + "_v2", "syms") };
        if (stable)
            args.Add("--stable");
        args.AddRange(extra);
        args.Add(SymversOracle.PathOf(variant, pair + "_v1", "o"));
        args.Add(SymversOracle.PathOf(variant, pair + "_v2", "o"));
        return Json([.. args]);
    }

    public static (int ExitCode, JsonElement Report) Json(params string[] args)
    {
        var (rc, stdout, stderr) = Run(args);
        Assert.True(stdout.Length > 0, stderr);
        return (rc, JsonDocument.Parse(stdout).RootElement.Clone());
    }

    public static List<string> Strings(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetString()!)];

    public static string TempFile(string text)
    {
        string path = Path.Combine(Path.GetTempPath(), $"dwarfabi-{Guid.NewGuid():N}.txt");
        File.WriteAllText(path, text);
        return path;
    }
}
