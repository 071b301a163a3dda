using System.Text.Json;

namespace DwarfAbi.Tests.AbiDiff;

/// <summary>Grouping of causes on hand-made type maps: one changed type is reported once with every export that reaches it.</summary>
public sealed class GroupingTests
{
    private const string Int = "base_type int byte_size(4) encoding(5)";
    private const string Long = "base_type long int byte_size(8) encoding(5)";

    private static HandMadeSnapshot Side(string fieldType, uint crc)
    {
        var side = new HandMadeSnapshot()
            .Type("s#foo", $"structure_type foo {{ member {fieldType} bar data_member_location(0) }} byte_size(8)")
            .Type("s#holder", "structure_type holder { member pointer_type { s#foo } byte_size(8) f data_member_location(0) } byte_size(8)")
            .Type("t#foo_t", "typedef_type foo_t { s#foo }")
            .Type("by_param", "subprogram ( formal_parameter pointer_type { s#foo } byte_size(8) p ) -> base_type void")
            .Type("by_typedef", "subprogram ( formal_parameter t#foo_t q ) -> base_type void")
            .Type("by_holder", "variable s#holder")
            .Type("unrelated", $"subprogram ( formal_parameter {Int} x ) -> base_type void")
            .Type("ghost", $"variable {Int}");
        foreach (string name in new[] { "by_param", "by_typedef", "by_holder" })
            side.Export(name, crc + (uint)name.Length, crc + (uint)name.Length);
        return side.Export("unrelated", 7, 7).Export("ghost", crc, crc);
    }

    [Fact]
    public void One_changed_struct_is_one_cause_listing_every_export_with_its_route()
    {
        string old = Side(Int, 100).Write(), @new = Side(Long, 200).Write();
        var (rc, report) = DiffCli.Json("diff", "--json", old, @new);
        Assert.Equal(3, rc);

        var group = Assert.Single(report.GetProperty("causes").EnumerateArray());
        Assert.Equal("s#foo", group.GetProperty("type").GetString());
        var change = Assert.Single(group.GetProperty("changes").EnumerateArray());
        Assert.Equal(["member bar"], DiffCli.Strings(change.GetProperty("path")));
        Assert.Equal(Int, change.GetProperty("old").GetString());
        Assert.Equal(Long, change.GetProperty("new").GetString());
        var routes = group.GetProperty("symbols").EnumerateArray()
            .ToDictionary(s => s.GetProperty("symbol").GetString()!, s => string.Join(" / ", DiffCli.Strings(s.GetProperty("path"))));
        Assert.Equal("parameter p / struct foo", routes["by_param"]);
        Assert.Equal("parameter q / typedef foo_t / struct foo", routes["by_typedef"]);
        Assert.Equal("struct holder / member f / struct foo", routes["by_holder"]);
        Assert.Equal(3, routes.Count);
        File.Delete(old);
        File.Delete(@new);
    }

    [Fact]
    public void Version_change_without_a_type_change_is_reported_as_unexplained()
    {
        string old = Side(Int, 100).Write(), @new = Side(Long, 200).Write();
        var (_, report) = DiffCli.Json("diff", "--json", old, @new);
        var ghost = report.GetProperty("changed").EnumerateArray().Single(c => c.GetProperty("symbol").GetString() == "ghost");
        Assert.False(ghost.GetProperty("explained").GetBoolean());
        Assert.DoesNotContain(report.GetProperty("changed").EnumerateArray(), c => c.GetProperty("symbol").GetString() == "unrelated");

        var (_, text, _) = DiffCli.Run("diff", old, @new);
        Assert.Contains("Version changed with no visible cause:\n  ! ghost 0x00000064 → 0x000000c8\n", text);
        File.Delete(old);
        File.Delete(@new);
    }

    [Fact]
    public void Added_and_removed_exports_are_listed()
    {
        string old = new HandMadeSnapshot().Export("kept", 1, 1).Export("gone", 2, 2)
            .Type("kept", "variable base_type int byte_size(4) encoding(5)").Type("gone", "variable base_type int byte_size(4) encoding(5)").Write();
        string @new = new HandMadeSnapshot().Export("kept", 1, 1).Export("fresh", 3, 3)
            .Type("kept", "variable base_type int byte_size(4) encoding(5)").Type("fresh", "variable base_type int byte_size(4) encoding(5)").Write();
        var (rc, report) = DiffCli.Json("diff", "--json", old, @new);
        Assert.Equal(3, rc);
        Assert.Equal(["fresh"], DiffCli.Strings(report.GetProperty("added")));
        Assert.Equal(["gone"], DiffCli.Strings(report.GetProperty("removed")));
        Assert.Equal(0, report.GetProperty("changed").GetArrayLength());
        var (same, _) = DiffCli.Json("diff", "--json", old, old);
        Assert.Equal(0, same);
        File.Delete(old);
        File.Delete(@new);
    }
}
