namespace DwarfAbi.Tests.Support;

/// <summary>
/// Debian unstable's Rust-enabled Linux 7.2 debug package as <c>bench/fetch-debian-7.2.sh</c>
/// leaves it in <c>${DWARFABI_CACHE:-$HOME/.cache/dwarfabi}/debian-7.2</c>, and the reference
/// tool's outputs for it in <c>TestData/realkernel/debian-7.2.13</c> (see the README there).
/// </summary>
public static class DebianKernel72
{
    public const string Version = "7.2.13+deb14-amd64";

    private static string Debug { get; } = Path.Combine(Repo.Cache, "debian-7.2", "dbg", "usr", "lib", "debug");

    public static string Vmlinux { get; } = Path.Combine(Debug, "boot", "vmlinux-" + Version);

    public static string Modules { get; } = Path.Combine(Debug, "lib", "modules", Version, "kernel");

    /// <summary>The modules whose BTF is measured with and without Rust (paths under <see cref="Modules"/>): the two Rust PHY drivers and drm.ko, which has one Rust unit.</summary>
    public static string[] RustModules { get; } = ["drivers/net/phy/ax88796b_rust.ko", "drivers/net/phy/qt2025.ko", "drivers/gpu/drm/drm.ko"];

    public static string References { get; } = Path.Combine(Repo.TestData, "realkernel", "debian-7.2.13");

    /// <summary>Why a test of this kernel cannot run here, or null when it can.</summary>
    public static string? Missing(string path) =>
        File.Exists(path) ? null : $"{path} not found; run bench/fetch-debian-7.2.sh";
}
