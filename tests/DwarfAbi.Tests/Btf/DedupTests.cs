using DwarfAbi.Btf;

namespace DwarfAbi.Tests.Btf;

/// <summary>Dedup on hand-made BTF whose expected result follows from the construction (btf-spec §5).</summary>
public class DedupTests
{
    /// <summary>Adds <c>struct node { int v; struct node *next; }</c> and returns the struct's id.</summary>
    private static uint AddNode(BtfBuilder b, uint intId)
    {
        uint s = b.AddComposite(false, "node", 16, [new("v", intId, 0, 0), new("next", 0, 64, 0)]);
        b.Btf.Types[^1].Data[4] = b.AddModifier(BtfKind.Ptr, s);
        return s;
    }

    [Fact]
    public void CyclicStructsMergeAboveTheKernelsTypeIdLimit()
    {
        // A whole kernel holds more than 2^20 types before dedup; the second copy of the cycle
        // gets ids above BtfConstants.MaxTypeId, which must still count as ids while dedup runs.
        var btf = new BtfData();
        var b = new BtfBuilder(btf);
        uint firstInt = b.AddInt("int", 4, BtfConstants.IntSigned);
        AddNode(b, firstInt);
        while (btf.TypeCount <= BtfConstants.MaxTypeId + 10)
            b.AddInt("int", 4, BtfConstants.IntSigned);
        uint lastInt = b.AddInt("int", 4, BtfConstants.IntSigned);
        uint late = AddNode(b, lastInt);
        Assert.True(late > BtfConstants.MaxTypeId);

        var result = Dedup.Run(btf);

        Assert.Equal([BtfKind.Int, BtfKind.Struct, BtfKind.Ptr], result.Types.Select(t => t.Kind));
        Assert.Empty(Validator.Validate(BtfWriter.Write(result), null));
    }
}
