using DwarfAbi.AbiDiff;

namespace DwarfAbi.Tests.AbiDiff;

/// <summary>Grammar corners of the type-string parser that the small oracle objects do not reach.</summary>
public sealed class TypeTextParserTests
{
    [Fact]
    public void Parameter_glued_to_the_previous_one_is_still_an_item()
    {
        // As the reference renders a function-pointer member of the Debian 6.1 vmlinux's struct sk_psock.
        const string text = "structure_type sk_psock { member pointer_type { subroutine_type ( formal_parameter pointer_type { s#sock } byte_size(8)formal_parameter pointer_type { s#sk_psock } byte_size(8) , formal_parameter t#bool ) -> base_type int byte_size(4) encoding(5) } byte_size(8) psock_update_sk_prot data_member_location(456) } byte_size(664) alignment(8)";
        var node = TypeTextParser.Parse("s#sk_psock", text);
        Assert.Equal(text, node.Text);
        var member = Assert.Single(node.Items);
        Assert.Equal("psock_update_sk_prot", member.Name);
        Assert.Equal("456", member.Attribute("data_member_location"));
        var parameters = member.Type!.Type!.Items;
        Assert.Equal(3, parameters.Count);
        Assert.All(parameters, p => Assert.Null(p.Name));
        Assert.Equal("s#sk_psock", parameters[1].Type!.Type!.Name);
    }

    [Fact]
    public void Member_and_type_attributes_are_told_apart()
    {
        var node = TypeTextParser.Parse("s#x", "structure_type x { member union_type { member base_type int byte_size(4) encoding(5) a data_member_location(0) } byte_size(4) data_member_location(8) } byte_size(12)");
        var member = Assert.Single(node.Items);
        Assert.Null(member.Name);
        Assert.Equal("8", member.Attribute("data_member_location"));
        Assert.Equal("4", member.Type!.Attribute("byte_size"));
        Assert.Null(member.Type.Attribute("data_member_location"));
    }
}
