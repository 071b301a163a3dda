using DwarfAbi.Btf;

namespace DwarfAbi.Tests.Btf;

/// <summary>Dedup on hand-made BTF whose expected result follows from the construction (btf-spec §5).</summary>
public class DedupTests
{
    /// <summary>Adds <c>struct node { int v; struct node *next; }</c> and returns the struct's id.</summary>
    private static uint AddNode(BtfBuilder b, uint intId)
    {
        uint s = b.AddComposite(false, "node", 16, [new("v", intId, 0, 0), new("next", 0, 64, 0)]);
        var last = b.Btf.Types[^1];
        uint target = b.AddModifier(BtfKind.Ptr, s);
        last.Data[4] = target;
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

    /// <summary>
    /// <c>struct outer { union { struct { struct { char m[0]; } in; } a; struct { struct { char m[0]; } in; } b; } u; }</c>,
    /// as <c>struct_group()</c> writes it, with one anonymous struct for both union members (or not)
    /// and each copy with its own ARRAY and nested struct types (or shared ones).
    /// </summary>
    private static int AddOuter(BtfBuilder b, uint charId, bool shared)
    {
        // The outer struct comes first, as in DWARF order, so that dedup meets the copies inside it.
        int before = b.Btf.Types.Count;
        b.AddComposite(false, "outer", 0, [new("u", 0, 0, 0)]);
        var outer = b.Btf.Types[^1];
        uint union = b.AddComposite(true, null, 0, [new("a", 0, 0, 0), new("b", 0, 0, 0)]);
        outer.Data[1] = union;
        var unionType = b.Btf.Types[^1];
        uint Group()
        {
            uint array = b.AddArray(charId, charId, 0);
            uint inner = b.AddComposite(false, null, 0, [new("m", array, 0, 0)]);
            return b.AddComposite(false, null, 0, [new("in", inner, 0, 0)]);
        }
        // Records are views of the object's store, which adding a type may move: add, then write.
        uint a = Group();
        uint bGroup = shared ? a : Group();
        unionType.Data[1] = a;
        unionType.Data[4] = bGroup;
        return b.Btf.Types.Count - before;
    }

    [Fact]
    public void RepeatedAnonymousStructsMergeWithTheirCanonicalSharedCopy()
    {
        // A later unit's duplicated anonymous structs each map to the one canonical anonymous
        // struct; libbpf accepts them when their members are identical arrays or, recursively,
        // identical structs.
        var btf = new BtfData();
        var b = new BtfBuilder(btf);
        uint charId = b.AddInt("char", 1, 0);
        int canonical = AddOuter(b, charId, shared: true);
        AddOuter(b, charId, shared: false);

        var result = Dedup.Run(btf);

        Assert.Equal(1 + canonical, result.Types.Count);
    }
}
