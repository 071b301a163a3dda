using DwarfAbi.AbiDiff;
using DwarfAbi.Tests.Support;

namespace DwarfAbi.Tests.AbiDiff;

/// <summary>
/// Two ABI revisions of Debian 12's 6.1 kernel, each its whole debug tree (vmlinux and every
/// module) as bench/diff-debian.sh leaves them: 6.1.0-54 (6.1.190-1) in
/// <see cref="Repo.OldCache"/> and 6.1.0-57 (6.1.192-3) in <see cref="Repo.Cache"/>, with the
/// Module.symvers of their linux-headers packages. 55, 56 and 57 have the same CRCs; 54 → 57 changes
/// 18,272 of them. Debian's CRCs come from genksyms, so a change there need not show in DWARF:
/// the test holds dwarfabi to the changes its own versions also show.
/// </summary>
[Trait("Category", "RealKernel")]
public sealed class DebianRevisionsDiffTests
{
    private const string OldAbi = "6.1.0-54", NewAbi = "6.1.0-57";

    private static string Tree(string cache) => Path.Combine(cache, "debian-6.1", "dbg", "usr", "lib", "debug");

    private static string Symvers(string cache, string abi) => Path.Combine(cache, "debian-6.1", abi, "Module.symvers");

    public sealed class RevisionsFactAttribute : FactAttribute
    {
        public RevisionsFactAttribute()
        {
            foreach (var (cache, abi) in new[] { (Repo.OldCache, OldAbi), (Repo.Cache, NewAbi) })
            {
                string vmlinux = Path.Combine(Tree(cache), "boot", $"vmlinux-{abi}-amd64");
                if (!File.Exists(vmlinux) || !File.Exists(Symvers(cache, abi)))
                    Skip = $"{vmlinux} or its Module.symvers is missing; run DWARFABI_CACHE={cache} bench/fetch-debian-6.1.sh {abi}";
            }
        }
    }

    [RevisionsFact]
    public void Every_crc_change_of_module_symvers_that_the_versions_show_is_reported_with_a_cause()
    {
        var old = ObjectSet.Load(Tree(Repo.OldCache), stable: false, Environment.ProcessorCount);
        var @new = ObjectSet.Load(Tree(Repo.Cache), stable: false, Environment.ProcessorCount);
        var result = AbiDiffer.Diff(old, @new, stable: false);

        var before = Crcs(Symvers(Repo.OldCache, OldAbi));
        var after = Crcs(Symvers(Repo.Cache, NewAbi));
        var debian = before.Keys.Where(n => after.TryGetValue(n, out string? crc) && crc != before[n]).ToHashSet(StringComparer.Ordinal);
        var shown = debian.Where(n => old.TryGet(n, out var o, out _) && @new.TryGet(n, out var e, out _) && o.Crc != e.Crc)
            .Order(StringComparer.Ordinal).ToList();
        var explained = result.Changed.Where(c => c.Causes.Count > 0).Select(c => c.Name).ToHashSet(StringComparer.Ordinal);

        Assert.True(debian.Count > 10000, $"only {debian.Count} CRC changes in Module.symvers");
        Assert.True(shown.Count > debian.Count * 0.99, $"the versions show {shown.Count} of {debian.Count} CRC changes");
        var missing = shown.Where(n => !explained.Contains(n)).ToList();
        Assert.True(missing.Count == 0, $"{missing.Count} CRC changes not reported with a cause: {string.Join(", ", missing.Take(20))}");
    }

    /// <summary>Module.symvers: CRC, name, module, export type, namespace.</summary>
    private static Dictionary<string, string> Crcs(string path) =>
        File.ReadLines(path).Select(l => l.Split('\t')).ToDictionary(f => f[1], f => f[0], StringComparer.Ordinal);
}
