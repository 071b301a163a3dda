using System.Text.Json;

namespace DwarfAbi.Tests.AbiDiff;

/// <summary>
/// The layout check of changes hidden by kABI rules, on hand-made plain and stable views: a
/// hidden change that moves a field, grows a type, overflows its reserved slot or gives an
/// enumerator a colliding value is an error (exit 1).
/// </summary>
public sealed class LayoutCheckTests
{
    private const string Int = "base_type int byte_size(4) encoding(5)";
    private const string Ulong = "base_type long unsigned int byte_size(8) encoding(7)";

    private static JsonElement Audit(HandMadeSnapshot old, HandMadeSnapshot @new, int expectedExit)
    {
        string o = old.Write(), n = @new.Write();
        var (rc, report) = DiffCli.Json("diff", "--json", "--stable", o, n);
        File.Delete(o);
        File.Delete(n);
        Assert.Equal(expectedExit, rc);
        return report.GetProperty("kabi");
    }

    private static List<string> Errors(JsonElement kabi) =>
        [.. kabi.GetProperty("layout").EnumerateArray().SelectMany(l => DiffCli.Strings(l.GetProperty("errors")))];

    private static HandMadeSnapshot Struct(string plain, string stable) =>
        new HandMadeSnapshot().Export("use", 1, 2).Type("use", "variable s#obj").Type("s#obj", plain, stable);

    [Fact]
    public void Hidden_change_that_moves_a_field_is_an_error()
    {
        string stable = $"structure_type obj {{ member {Int} a data_member_location(0) , member {Int} b data_member_location(4) }} byte_size(8)";
        var old = Struct(stable, stable);
        // An ignored member pushed in front of b: the stable view drops it and sees no change.
        var @new = Struct($"structure_type obj {{ member {Int} a data_member_location(0) , member union_type {{ member {Int} __kabi_ignored0 data_member_location(0) }} byte_size(4) data_member_location(4) , member {Int} b data_member_location(8) }} byte_size(12)", stable);
        var kabi = Audit(old, @new, 1);
        Assert.All(kabi.GetProperty("hidden").EnumerateArray(), h => Assert.StartsWith("ignored member __kabi_ignored0", h.GetProperty("rule").GetString()));
        var errors = Errors(kabi);
        Assert.Contains("member b moved from data_member_location(4) to data_member_location(8)", errors);
        Assert.Contains("byte_size changed from 8 to 12", errors);
    }

    [Fact]
    public void Replacement_larger_than_its_reserved_slot_is_an_error()
    {
        string old = $"structure_type obj {{ member {Int} id data_member_location(0) , member {Ulong} __kabi_reserved1 data_member_location(8) }} byte_size(16)";
        string stable = $"structure_type obj {{ member {Int} id data_member_location(0) , member {Ulong} data_member_location(8) }} byte_size(16)";
        string replaced = $"structure_type obj {{ member {Int} id data_member_location(0) , member union_type {{ member structure_type {{ member {Ulong} lo data_member_location(0) , member {Ulong} hi data_member_location(8) }} byte_size(16) , member structure_type {{ member {Ulong} __kabi_reserved1 data_member_location(0) }} byte_size(8) }} byte_size(16) data_member_location(8) }} byte_size(24)";
        var errors = Errors(Audit(Struct(old, stable), Struct(replaced, stable), 1));
        Assert.Contains("the replacement of __kabi_reserved1 does not fit its reserved space (16 bytes in a 8-byte slot)", errors);
    }

    [Fact]
    public void Hidden_enumerator_value_that_collides_is_an_error_and_unused_rules_are_listed()
    {
        const string visible = "enumeration_type st { enumerator A = 0 , enumerator B = 1 , enumerator MAX = 2 } byte_size(4)";
        HandMadeSnapshot Side(string plain) => new HandMadeSnapshot().Export("get", 1, 1)
            .Type("get", "subprogram ( formal_parameter e#st s ) -> base_type void").Type("e#st", plain, visible)
            .Rule("enumerator_ignore", "st C").Rule("enumerator_value", "st MAX", "2").Rule("declonly", "nothing_here");
        var kabi = Audit(Side(visible), Side("enumeration_type st { enumerator A = 0 , enumerator B = 1 , enumerator C = 1 , enumerator MAX = 3 } byte_size(4)"), 1);
        var rules = kabi.GetProperty("hidden").EnumerateArray().Select(h => h.GetProperty("rule").GetString()).ToList();
        Assert.Contains("rule enumerator_ignore 'st C'", rules);
        Assert.Contains("rule enumerator_value 'st MAX' = '2'", rules);
        Assert.Equal(["hidden enumerator C = 1 collides with B"], Errors(kabi));
        Assert.Equal(["declonly 'nothing_here'"], DiffCli.Strings(kabi.GetProperty("unused_rules")));
    }
}
