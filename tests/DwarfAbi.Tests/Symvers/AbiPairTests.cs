using Xunit;

namespace DwarfAbi.Tests.Symvers;

/// <summary>
/// ABI-change pairs (abi_pairs.tsv): v1 and v2 of a source differ in one way, and exactly the
/// listed symbols must change CRC, both in our outputs and in the reference's.
/// </summary>
public sealed class AbiPairTests
{
    // Cases the reference itself gets wrong (with -fdebug-types-section it sees only unnamed
    // skeletons in the unit); a drop-in reproduces them, so only the reference comparison applies.
    internal static readonly HashSet<string> ReferenceFailures =
        [.. File.ReadAllLines(Path.Combine(SymversOracle.Out, "abi_pairs.result"))
            .Select(l => l.Split('\t'))
            .Where(f => f[0] == "XFAIL")
            .Select(f => $"{f[1]} {f[2]} {f[3]}")];

    public static TheoryData<string, string, string, string> Cases()
    {
        var data = new TheoryData<string, string, string, string>();
        var pairs = File.ReadAllLines(Path.Combine(SymversOracle.Root, "abi_pairs.tsv"))
            .Where(l => l.Length > 0 && l[0] != '#')
            .Select(l => l.Split('\t'));
        var variants = SymversOracle.Objects.Select(o => o.Variant).Distinct().ToList();
        foreach (var p in pairs)
        {
            foreach (string variant in variants.Where(v => File.Exists(SymversOracle.PathOf(v, p[0] + "_v1", "o"))))
                data.Add(variant, p[0], p[1], p[2]);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Exactly_the_listed_symbols_change(string variant, string pair, string mode, string expected)
    {
        bool stable = mode == "stable";
        var ours = Changed(Versions(variant, pair + "_v1", stable), Versions(variant, pair + "_v2", stable));
        var reference = Changed(OracleVersions(variant, pair + "_v1", stable), OracleVersions(variant, pair + "_v2", stable));
        Assert.Equal(reference, ours);

        if (ReferenceFailures.Contains($"{variant} {pair} {mode}"))
            return;
        var listed = expected == "-" ? [] : expected.Split(',');
        Assert.Equal(listed.Order(StringComparer.Ordinal), ours.Select(Readable).Order(StringComparer.Ordinal));
    }

    private static Dictionary<string, string> Versions(string variant, string name, bool stable)
    {
        var run = SymversOracle.Run(variant, name, stable ? OracleMode.Stable : OracleMode.Plain);
        Assert.Equal(0, run.ExitCode);
        return Parse(run.Stdout);
    }

    private static Dictionary<string, string> OracleVersions(string variant, string name, bool stable) =>
        Parse(File.ReadAllText(SymversOracle.PathOf(variant, name, stable ? "stable.symvers" : "symvers")));

    private static Dictionary<string, string> Parse(string symvers) =>
        symvers.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split(' '))
            .ToDictionary(f => f[1], f => f[2]);

    private static SortedSet<string> Changed(Dictionary<string, string> v1, Dictionary<string, string> v2) =>
        new(v1.Keys.Where(k => v2.TryGetValue(k, out string? crc) && crc != v1[k]), StringComparer.Ordinal);

    /// <summary>Rust's mangled names as paths (<c>rsabi::ra_get</c>), the way the pair list names them.</summary>
    private static string Readable(string symbol)
    {
        int i;
        if (symbol.StartsWith("_ZN", StringComparison.Ordinal))
            i = 3;
        else if (symbol.StartsWith("_RNv", StringComparison.Ordinal))
            i = symbol.IndexOf('_', 2) + 1; // past the crate root's disambiguator
        else
            return symbol;
        var parts = new List<string>();
        while (i < symbol.Length && char.IsAsciiDigit(symbol[i]))
        {
            int digits = i;
            while (char.IsAsciiDigit(symbol[i]))
                i++;
            int length = int.Parse(symbol[digits..i], System.Globalization.CultureInfo.InvariantCulture);
            parts.Add(symbol.Substring(i, length));
            i += length;
        }
        // A legacy name ends in its hash segment, h + 16 hex digits.
        if (parts.Count > 1 && parts[^1].Length == 17 && parts[^1][0] == 'h')
            parts.RemoveAt(parts.Count - 1);
        return string.Join("::", parts);
    }
}
