using System.Diagnostics;

namespace DwarfAbi.Tests.Support;

/// <summary>Runs a reference tool (llvm-dwarfdump, pahole, ...) and captures what it prints.</summary>
public static class Tool
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    public static bool Exists(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(d => File.Exists(Path.Combine(d, name)));

    public static Result Run(string name, params string[] args) => RunWithInput(name, null, args);

    /// <summary>Runs the tool with <paramref name="stdin"/> (when not null) as its standard input.</summary>
    public static Result RunWithInput(string name, string? stdin, IEnumerable<string> args)
    {
        var psi = new ProcessStartInfo(name)
        {
            RedirectStandardInput = stdin is not null,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in args)
            psi.ArgumentList.Add(a);
        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"cannot start {name}");
        var stderr = p.StandardError.ReadToEndAsync();
        if (stdin is not null)
            _ = WriteAndCloseAsync(p.StandardInput, stdin);
        string stdout = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return new Result(p.ExitCode, stdout, stderr.Result);
    }

    private static async Task WriteAndCloseAsync(StreamWriter input, string text)
    {
        await input.WriteAsync(text);
        input.Close();
    }

    /// <summary>Runs the tool and fails the test with its stderr when it fails.</summary>
    public static string Output(string name, params string[] args)
    {
        var r = Run(name, args);
        if (r.ExitCode != 0)
            throw new InvalidOperationException($"{name} {string.Join(' ', args)} exited {r.ExitCode}: {r.Stderr}");
        return r.Stdout;
    }

    /// <summary>The CLI run in-process: exit code, stdout and stderr.</summary>
    public static Result RunCli(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int rc = global::DwarfAbi.Cli.Program.Run(args, stdout, stderr);
        return new Result(rc, stdout.ToString(), stderr.ToString());
    }
}
