namespace DwarfAbi.Tests.Support;

/// <summary>Paths of the repository the tests run from.</summary>
public static class Repo
{
    public static string Root { get; } = FindRoot();

    public static string Fixtures => Path.Combine(Root, "tests", "fixtures", "obj");

    public static string TestData => Path.Combine(Root, "tests", "DwarfAbi.Tests", "TestData");

    /// <summary>Where the bench fetch scripts keep the Debian kernels: ${DWARFABI_CACHE:-$HOME/.cache/dwarfabi}.</summary>
    public static string Cache { get; } =
        Environment.GetEnvironmentVariable("DWARFABI_CACHE") ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "dwarfabi");

    /// <summary>Where bench/diff-debian.sh keeps the older of two Debian revisions: ${DWARFABI_OLD_CACHE:-CACHE-old}.</summary>
    public static string OldCache { get; } = Environment.GetEnvironmentVariable("DWARFABI_OLD_CACHE") ?? Cache + "-old";

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "DwarfAbi.slnx")))
                return dir.FullName;
        }
        throw new InvalidOperationException("repository root (DwarfAbi.slnx) not found above " + AppContext.BaseDirectory);
    }

    /// <summary>Every ELF object below a folder, relative to the repository root, sorted.</summary>
    public static IEnumerable<string> Objects(string folder, params string[] patterns) =>
        !Directory.Exists(folder)
            ? []
            : patterns.SelectMany(p => Directory.EnumerateFiles(folder, p, SearchOption.AllDirectories))
                .Where(IsElf)
                .Select(f => Path.GetRelativePath(Root, f))
                .Order(StringComparer.Ordinal);

    private static bool IsElf(string path)
    {
        Span<byte> magic = stackalloc byte[4];
        using var f = File.OpenRead(path);
        return f.Read(magic) == 4 && magic.SequenceEqual("\x7f"u8.ToArray().Concat("ELF"u8.ToArray()).ToArray());
    }
}
