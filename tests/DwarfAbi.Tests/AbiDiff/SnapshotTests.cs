using DwarfAbi.Tests.Symvers;

namespace DwarfAbi.Tests.AbiDiff;

/// <summary><c>dwarfabi snapshot</c>: a saved build diffs exactly like the objects it was taken from, and the file is stable.</summary>
public sealed class SnapshotTests
{
    private static string Take(string variant, string name, bool stable)
    {
        string output = Path.Combine(Path.GetTempPath(), $"dwarfabi-{Guid.NewGuid():N}.snapshot");
        var args = new List<string> { "snapshot", "-o", output, "--exports", SymversOracle.PathOf(variant, name, "syms"), SymversOracle.PathOf(variant, name, "o") };
        if (stable)
            args.Add("--stable");
        var (rc, _, stderr) = DiffCli.Run([.. args]);
        Assert.True(rc == 0, stderr);
        return output;
    }

    [Theory]
    [InlineData("gcc-dwarf5-O2", "abi_kabireserve", true)]
    [InlineData("gcc-dwarf5-O2", "abi_enumval", false)]
    [InlineData("rust-v0", "rsabi", true)]
    public void Snapshots_diff_like_their_objects(string variant, string pair, bool stable)
    {
        string old = Take(variant, pair + "_v1", stable), @new = Take(variant, pair + "_v2", stable);
        string[] mode = stable ? ["--stable"] : [];
        var (rc, fromSnapshots) = DiffCli.Json(["diff", "--json", .. mode, old, @new]);
        var (objectRc, fromObjects) = DiffCli.Pair(variant, pair, stable);
        Assert.Equal(objectRc, rc);
        Assert.Equal(fromObjects.ToString(), fromSnapshots.ToString());
        File.Delete(old);
        File.Delete(@new);
    }

    [Fact]
    public void Snapshot_of_a_snapshot_is_the_same_file_with_the_reference_versions()
    {
        string first = Take("gcc-dwarf5-O2", "kabi_rules", stable: true);
        var (rc, again, _) = DiffCli.Run("snapshot", first);
        Assert.Equal(0, rc);
        string text = File.ReadAllText(first);
        Assert.Equal(text, again);
        Assert.StartsWith("#dwarfabi-snapshot 1\n", text);
        var plain = File.ReadAllLines(SymversOracle.PathOf("gcc-dwarf5-O2", "kabi_rules", "symvers")).Select(l => l.Split(' ')).ToDictionary(f => f[1], f => f[2]);
        var stable = File.ReadAllLines(SymversOracle.PathOf("gcc-dwarf5-O2", "kabi_rules", "stable.symvers")).Select(l => l.Split(' ')).ToDictionary(f => f[1], f => f[2]);
        foreach (string line in text.Split('\n').Where(l => l.StartsWith("#export ", StringComparison.Ordinal)))
        {
            var f = line.Split(' ');
            Assert.Equal(plain[f[1]], f[2]);
            Assert.Equal(stable[f[1]], f[3]);
        }
        Assert.Contains("#rule declonly\t", text);
        File.Delete(first);
    }

    [Fact]
    public void Damaged_snapshot_is_an_error_naming_file_and_line()
    {
        string bad = DiffCli.TempFile("#dwarfabi-snapshot 1\n#unit x.o\n#export f 0xzz -\n");
        var (rc, _, stderr) = DiffCli.Run("diff", bad, bad);
        Assert.Equal(1, rc);
        Assert.Equal($"dwarfabi: error: {bad}: line 3: bad CRC '0xzz'\n", stderr);
        File.Delete(bad);
    }
}
