namespace DwarfAbi.Tests.Support;

/// <summary>The Debian 6.1 kernel that <c>bench/fetch-debian-6.1.sh</c> fetched last (its <c>current</c> link).</summary>
public static class DebianKernel61
{
    public static string Dir { get; } = Path.Combine(Repo.Cache, "debian-6.1");

    /// <summary>The ABI name, such as 6.1.0-57, or null when nothing was fetched.</summary>
    public static string? CurrentAbi =>
        new FileInfo(Path.Combine(Dir, "current")).LinkTarget is { } target ? Path.GetFileName(target) : null;

    public static string CurrentVmlinux => Path.Combine(Dir, $"vmlinux-{CurrentAbi ?? "missing"}-amd64");

    public static string CurrentModules => Path.Combine(Dir, "dbg", "usr", "lib", "debug", "lib", "modules", $"{CurrentAbi ?? "missing"}-amd64", "kernel");
}
