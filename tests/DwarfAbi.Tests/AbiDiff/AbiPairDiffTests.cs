using System.Text.Json;
using DwarfAbi.Tests.Symvers;

namespace DwarfAbi.Tests.AbiDiff;

/// <summary>
/// The ABI pairs of the oracle through <c>dwarfabi diff</c>: exactly the symbols whose reference
/// CRCs change are reported, each explained by the member, enumerator or parameter that the
/// pair's sources change (README's pair table; <c>src/c/abi/*.h</c>).
/// </summary>
public sealed class AbiPairDiffTests
{
    /// <summary>What each pair's v2 changes in its sources: the type (null: the symbol's own declaration) and the item.</summary>
    private static readonly Dictionary<string, (string? Type, string Item)> SourceChange = new()
    {
        ["abi_fieldtype"] = ("af_item", "member b"),
        ["abi_addfield"] = ("ad_conf", "member z"),
        ["abi_enumval"] = ("ev_kind", "enumerator EV_C"),
        ["abi_reorder"] = ("ro_pair", "member first"),
        ["abi_constadd"] = (null, "parameter buf"),
        ["abi_paramname"] = (null, "parameter count"),
        ["abi_kabireserve"] = ("kv_obj", "member __kabi_reserved1"),
        ["rsabi"] = ("rsabi::RaItem", "member b"),
    };

    public static TheoryData<string, string, string, string> Cases() => AbiPairTests.Cases();

    [Theory]
    [MemberData(nameof(Cases))]
    public void Reports_exactly_the_changed_symbols_with_their_cause(string variant, string pair, string mode, string expected)
    {
        bool stable = mode == "stable";
        var (rc, report) = DiffCli.Pair(variant, pair, stable);
        var changed = report.GetProperty("changed").EnumerateArray().ToList();
        var reported = changed.Select(c => c.GetProperty("symbol").GetString()!).Order(StringComparer.Ordinal).ToList();

        Assert.Equal(ReferenceChanges(variant, pair, stable), reported);
        Assert.Equal(reported.Count > 0 ? 3 : 0, rc);
        Assert.Empty(DiffCli.Strings(report.GetProperty("added")));
        Assert.Empty(DiffCli.Strings(report.GetProperty("removed")));
        if (expected != "-" && !AbiPairTests.ReferenceFailures.Contains($"{variant} {pair} {mode}"))
            Assert.Equal(expected.Split(',').Length, reported.Count);
        foreach (var symbol in changed)
        {
            Assert.True(symbol.GetProperty("explained").GetBoolean(), $"{symbol.GetProperty("symbol")} unexplained");
            var (type, item) = SourceChange[pair];
            Assert.Contains(CauseItems(report, symbol), c => c.Type == type && c.Item == item);
        }
    }

    [Theory]
    [InlineData("gcc-dwarf5-O2")]
    [InlineData("gcc-dwarf4-O2")]
    [InlineData("clang-dwarf5-O2")]
    public void Stable_kabi_reserve_shows_the_reserved_slot_hiding_the_change_and_a_passing_layout_check(string variant)
    {
        var (rc, report) = DiffCli.Pair(variant, "abi_kabireserve", stable: true);
        Assert.Equal(0, rc);
        var kabi = report.GetProperty("kabi");
        var hidden = Assert.Single(kabi.GetProperty("hidden").EnumerateArray());
        Assert.Equal("s#kv_obj", hidden.GetProperty("type").GetString());
        Assert.Equal(["member __kabi_reserved1"], DiffCli.Strings(hidden.GetProperty("path")));
        Assert.StartsWith("reserved slot __kabi_reserved1", hidden.GetProperty("rule").GetString());
        var layout = Assert.Single(kabi.GetProperty("layout").EnumerateArray());
        Assert.True(layout.GetProperty("passed").GetBoolean());
    }

    [Fact]
    public void Text_report_walks_from_the_symbol_to_the_member()
    {
        var args = new[] { "diff", "--exports", SymversOracle.PathOf("gcc-dwarf5-O2", "abi_fieldtype_v1", "syms"),
            SymversOracle.PathOf("gcc-dwarf5-O2", "abi_fieldtype_v1", "o"), SymversOracle.PathOf("gcc-dwarf5-O2", "abi_fieldtype_v2", "o") };
        var (rc, stdout, _) = DiffCli.Run(args);
        Assert.Equal(3, rc);
        Assert.Contains("af_by_typedef → parameter it → typedef af_item_t → struct af_item", stdout);
        Assert.Contains("member b: base_type int byte_size(4) encoding(5) → base_type long int byte_size(8) encoding(5)", stdout);
        Assert.DoesNotContain("\e[", stdout);
    }

    /// <summary>The symbols whose CRC differs between the reference tool's outputs for v1 and v2.</summary>
    private static List<string> ReferenceChanges(string variant, string pair, bool stable)
    {
        string extension = stable ? "stable.symvers" : "symvers";
        var v1 = Crcs(SymversOracle.PathOf(variant, pair + "_v1", extension));
        var v2 = Crcs(SymversOracle.PathOf(variant, pair + "_v2", extension));
        return [.. v1.Keys.Where(k => v2.TryGetValue(k, out string? c) && c != v1[k] && c != "0x00000000").Order(StringComparer.Ordinal)];
    }

    private static Dictionary<string, string> Crcs(string path) =>
        File.ReadAllLines(path).Select(l => l.Split(' ')).ToDictionary(f => f[1], f => f[2]);

    /// <summary>The (type name, first path step) of every change in the causes of one changed symbol.</summary>
    private static List<(string? Type, string Item)> CauseItems(JsonElement report, JsonElement symbol)
    {
        var ids = DiffCli.Strings(symbol.GetProperty("causes")).ToHashSet(StringComparer.Ordinal);
        var items = new List<(string?, string)>();
        foreach (var group in report.GetProperty("causes").EnumerateArray())
        {
            string? type = group.TryGetProperty("type", out var t) ? t.GetString() : null;
            string id = type ?? group.GetProperty("symbol").GetString()!;
            if (!ids.Contains(id))
                continue;
            foreach (var change in group.GetProperty("changes").EnumerateArray())
            {
                var path = DiffCli.Strings(change.GetProperty("path"));
                if (path.Count > 0)
                    items.Add((type is null ? null : Fqn(type), path[0]));
            }
        }
        return items;
    }

    private static string Fqn(string key) => key[2..].Trim('\'');
}
