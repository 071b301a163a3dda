using DwarfAbi.Btf;
using DwarfAbi.Tests.Support;

namespace DwarfAbi.Tests.Btf;

/// <summary>
/// The merge of Rust binding copies into C types on tests/fixtures/obj/mixed/rust-c-bindings.o: a
/// Rust unit whose <c>mod bindings</c> copies the structs of two C units (src/bindings.rs,
/// bindings.c, bindings2.c). Copies with the C type's kind, name, size and member offsets are
/// replaced by it; the others are kept and explained.
/// </summary>
public class BindingMergeTests
{
    private const string Fixture = "tests/fixtures/obj/mixed/rust-c-bindings.o";

    private static RustEncoding Encoding => RustEncoding.Of(Fixture);

    private static List<BtfType> Named(string name) =>
        [.. Encoding.Btf.Types.Where(t => t.IsStructOrUnion && Encoding.Btf.Name(t.NameOff) == name)];

    [Theory]
    [InlineData("point", 4)]
    [InlineData("item", 2)]
    [InlineData("value", 2)]
    public void CopiesWithTheCLayoutAreReplacedByTheCType(string name, int cMembers)
    {
        var only = Assert.Single(Named(name));
        Assert.Equal(cMembers, only.Vlen);
        // The C member name, not bindgen's keyword escape.
        if (name == "item")
            Assert.Equal("type", Encoding.Btf.Name(only.MemberName(0)));
    }

    [Fact]
    public void RustReferencesGoToTheCType()
    {
        var btf = Encoding.Btf;
        var holder = btf.Types.Single(t => btf.Name(t.NameOff) == "Holder");
        uint point = btf.StartId + (uint)btf.Types.IndexOf(Assert.Single(Named("point")));
        int member = Enumerable.Range(0, holder.Vlen).Single(i => btf.Name(holder.MemberName(i)) == "point");
        Assert.Equal(point, holder.MemberType(member));
    }

    [Theory]
    [InlineData("shrunk", 1, "it has 4 bytes, the C struct of this name 8")]
    [InlineData("twice", 2, "2 C structs of this name and its 8 bytes have different members")]
    [InlineData("swapped", 1, "its member first at bit 0 is not a member of the C struct at that offset")]
    public void CopiesThatDifferAreKeptAndExplained(string name, int cDefinitions, string reason)
    {
        var decision = Assert.Single(Encoding.Report.Decisions, d => d.Subject == $"DW_TAG_structure_type {name}");
        Assert.Equal($"kept apart from the C struct: {reason}", decision.Action);
        Assert.True(decision.Offset > 0);
        Assert.Equal(cDefinitions + 1, Named(name).Count);
    }

    [Fact]
    public void CountsTheMergedAndKeepsRustOnlyTypes()
    {
        Assert.Equal(3, Encoding.Report.BindingCopiesMerged);
        Assert.Single(Named("rust_only"));
        Assert.Equal(3, Encoding.Report.Decisions.Count(d => d.Action.StartsWith("kept apart", StringComparison.Ordinal)));
    }

    [Fact]
    public void ExplainListsTheCopiesKeptApart()
    {
        string file = BtfFiles.TempFile(".btf");
        try
        {
            var r = Tool.RunCli("btf", Path.Combine(Repo.Root, Fixture), "-o", file, "--explain");
            Assert.True(r.ExitCode == 0, r.Stderr);
            Assert.Contains("DW_TAG_structure_type twice: kept apart from the C struct", r.Stdout);
            Assert.Contains("3 binding copies merged into C types", r.Stdout);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
