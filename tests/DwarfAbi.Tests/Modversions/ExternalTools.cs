using System.Diagnostics;
using Xunit;

namespace DwarfAbi.Tests.Modversions;

/// <summary>Runs the reference and build tools the tests compare against.</summary>
public static class ExternalTools
{
    /// <summary>The tool's full path; kmod's tools live in sbin, which a test runner's PATH may lack.</summary>
    public static string? Find(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Concat(["/usr/sbin", "/sbin"])
            .Where(d => d.Length > 0).Select(d => Path.Combine(d, tool)).FirstOrDefault(File.Exists);

    public static bool Exists(string tool) => Find(tool) is not null;

    public static (int ExitCode, string Stdout, string Stderr) Run(string tool, IEnumerable<string> args, string? workingDirectory = null)
    {
        var info = new ProcessStartInfo(Find(tool) ?? tool)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (string a in args)
            info.ArgumentList.Add(a);
        using var p = Process.Start(info)!;
        // A dedicated thread: tests call this from parallel loops that occupy the thread pool.
        var stderr = Task.Factory.StartNew(p.StandardError.ReadToEnd, TaskCreationOptions.LongRunning);
        string stdout = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, stdout, stderr.Result);
    }

    public static string RunOk(string tool, IEnumerable<string> args, string? workingDirectory = null)
    {
        var (rc, stdout, stderr) = Run(tool, args, workingDirectory);
        Assert.True(rc == 0, $"{tool} {string.Join(' ', args)} failed ({rc}): {stderr}");
        return stdout;
    }

    /// <summary>The oracle's cross compiler per architecture, with the flags its modules were built with.</summary>
    public static (string Compiler, string[] Flags) CompilerFor(string arch) => arch switch
    {
        "x86_64" => ("x86_64-linux-gnu-gcc", []),
        "i686" => ("i686-linux-gnu-gcc", []),
        "arm" => ("arm-linux-gnueabihf-gcc", ["-marm"]),
        "s390x" => ("s390x-linux-gnu-gcc", []),
        _ => throw new ArgumentException(arch),
    };

    public static readonly string[] ModuleFlags =
        ["-O2", "-fno-pic", "-fno-PIE", "-ffreestanding", "-fno-common", "-fno-asynchronous-unwind-tables", "-fno-stack-protector"];

    /// <summary>Compiles a generated <c>.mod.c</c> as kbuild would, against the oracle's stand-in headers.</summary>
    public static (int ExitCode, string Stderr) CompileModC(string arch, string source, string output, string modname)
    {
        var (cc, flags) = CompilerFor(arch);
        var (rc, _, err) = Run(cc, [.. ModuleFlags, .. flags, "-nostdinc", "-I", Path.Combine(ModpostOracle.Root, "stub", "include"),
            $"-DKBUILD_MODNAME=\"{modname}\"", "-DCONFIG_MODULE_UNLOAD", "-c", "-o", output, source]);
        return (rc, err);
    }
}

/// <summary>A fact that is skipped, saying why, when a tool it runs is not installed.</summary>
public sealed class RequiresToolsFactAttribute : FactAttribute
{
    public RequiresToolsFactAttribute(params string[] tools)
    {
        var missing = tools.Where(t => !ExternalTools.Exists(t)).ToList();
        if (missing.Count > 0)
            Skip = $"not installed: {string.Join(", ", missing)}";
    }
}

/// <summary>A theory that is skipped, saying why, when a tool it runs is not installed.</summary>
public sealed class RequiresToolsTheoryAttribute : TheoryAttribute
{
    public RequiresToolsTheoryAttribute(params string[] tools)
    {
        var missing = tools.Where(t => !ExternalTools.Exists(t)).ToList();
        if (missing.Count > 0)
            Skip = $"not installed: {string.Join(", ", missing)}";
    }
}

/// <summary>A temporary directory removed after the test.</summary>
public sealed class TempDir : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("dwarfabi-test-").FullName;

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
