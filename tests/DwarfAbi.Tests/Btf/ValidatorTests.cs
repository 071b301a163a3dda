using DwarfAbi.Btf;

namespace DwarfAbi.Tests.Btf;

/// <summary>
/// Hand-made BTF that breaks one kernel rule each (btf-spec §6): the validator must name the rule,
/// and the valid starting point must pass.
/// </summary>
public class ValidatorTests
{
    private static BtfData NewBtf(out BtfBuilder b, out uint intId)
    {
        var btf = new BtfData();
        b = new BtfBuilder(btf);
        intId = b.AddInt("int", 4, BtfConstants.IntSigned);
        return btf;
    }

    private static IReadOnlyList<string> Problems(BtfData btf) => Validator.Validate(BtfWriter.Write(btf), null);

    private static void Rejects(BtfData btf, string rule)
    {
        var problems = Problems(btf);
        Assert.Contains(problems, p => p.Contains(rule));
    }

    [Fact]
    public void ValidBtfPasses()
    {
        var btf = NewBtf(out var b, out uint i);
        uint s = b.AddComposite(false, "s", 16, [new("a", i, 0, 0), new("next", 0, 64, 0)]);
        var last = btf.Types[^1];
        uint target = b.AddModifier(BtfKind.Ptr, s);
        last.Data[4] = target;
        b.AddFunc("f", b.AddFuncProto(i, [new("x", i)]), BtfConstants.LinkageGlobal);
        uint v = b.AddVar("v", i, 1);
        b.AddDatasec(".data..percpu", 4, [new(v, 0, 4)]);
        Assert.Empty(Problems(btf));
    }

    [Fact]
    public void HeaderRules()
    {
        var btf = NewBtf(out _, out _);
        var bytes = BtfWriter.Write(btf);
        var badVersion = (byte[])bytes.Clone();
        badVersion[2] = 2;
        Assert.Contains(Validator.Validate(badVersion, null), p => p.Contains("Unsupported version"));
        var badFlags = (byte[])bytes.Clone();
        badFlags[3] = 1;
        Assert.Contains(Validator.Validate(badFlags, null), p => p.Contains("Unsupported flags"));
        var trailing = bytes.Concat(new byte[] { 0 }).ToArray();
        Assert.Contains(Validator.Validate(trailing, null), p => p.Contains("do not tile"));
        var noTypes = BtfWriter.Write(new BtfData());
        Assert.Contains(Validator.Validate(noTypes, null), p => p.Contains("No type found"));
        var badStrings = (byte[])bytes.Clone();
        badStrings[^1] = (byte)'x';
        Assert.Contains(Validator.Validate(badStrings, null), p => p.Contains("Invalid string section"));
        var badInfo = (byte[])bytes.Clone();
        badInfo[24 + 4 + 2] = 1;
        Assert.Contains(Validator.Validate(badInfo, null), p => p.Contains("Invalid btf_info"));
    }

    [Fact]
    public void IntRules()
    {
        var btf = NewBtf(out _, out _);
        btf.Types[0].Data[0] = 3u << 24 | 32;
        Rejects(btf, "Unsupported encoding");
        btf = NewBtf(out _, out _);
        btf.Types[0].Data[0] = 64;
        Rejects(btf, "nr_bits exceeds type_size");
    }

    [Fact]
    public void NamedPointerIsRejected()
    {
        var btf = NewBtf(out var b, out uint i);
        b.AddModifier(BtfKind.Ptr, i);
        var ptr = btf.Types[^1];
        ptr.NameOff = btf.Types[0].NameOff;
        Rejects(btf, "must be anonymous");
    }

    [Fact]
    public void StructRules()
    {
        var btf = NewBtf(out var b, out uint i);
        b.AddComposite(false, "Gen<u64>", 4, [new("a", i, 0, 0)]);
        Rejects(btf, "Invalid name");
        btf = NewBtf(out b, out i);
        b.AddComposite(false, "s", 8, [new("a", i, 32, 0), new("b", i, 0, 0)]);
        Rejects(btf, "Invalid member bits_offset");
        btf = NewBtf(out b, out i);
        b.AddComposite(false, "s", 2, [new("a", i, 0, 0)]);
        Rejects(btf, "Member exceeds struct_size");
        btf = NewBtf(out b, out i);
        b.AddComposite(false, "s", 8, [new("a", b.AddFwd("f", false), 0, 0)]);
        Rejects(btf, "unsized type");
        btf = NewBtf(out b, out i);
        b.AddComposite(true, "u", 4, [new("a", i, 0, 0)]);
        btf.Types[^1].Data[2] = 8;
        Rejects(btf, "union members are at 0");
    }

    [Fact]
    public void EnumRules()
    {
        var btf = NewBtf(out var b, out _);
        b.AddEnum("e", 4, [new("A", 1)]);
        var e = btf.Types[^1];
        e.SizeOrType = 16;
        Rejects(btf, "Unexpected size");
        btf = NewBtf(out b, out _);
        b.AddEnum("e", 4, [new("A", 1)]);
        btf.Types[^1].Data[0] = 0;
        Rejects(btf, "enumerator 0 has no valid identifier");
    }

    [Fact]
    public void FuncRules()
    {
        var btf = NewBtf(out var b, out uint i);
        b.AddFunc("f", b.AddFuncProto(i, [new(null, i)]), BtfConstants.LinkageStatic);
        Rejects(btf, "has no name");
        btf = NewBtf(out b, out i);
        b.AddFunc("f", b.AddFuncProto(i, []), BtfConstants.LinkageExtern);
        Rejects(btf, "Invalid func linkage");
        btf = NewBtf(out b, out i);
        b.AddFuncProto(i, [new(null, 0)]);
        Rejects(btf, "only parameter is the vararg marker");
        btf = NewBtf(out b, out i);
        b.AddFuncProto(i, [new(null, b.AddFwd("f", false))]);
        Rejects(btf, "type is unsized");
    }

    [Fact]
    public void VarAndDatasecRules()
    {
        var btf = NewBtf(out var b, out uint i);
        uint v1 = b.AddVar("a", i, 0);
        uint v2 = b.AddVar("b", i, 0);
        b.AddDatasec(".data", 8, [new(v1, 0, 4), new(v2, 2, 4)]);
        Rejects(btf, "overlaps");
        btf = NewBtf(out b, out i);
        b.AddVar("bad name", i, 0);
        Rejects(btf, "Invalid name");
        btf = NewBtf(out b, out i);
        b.AddDatasec(".data", 8, [new(i, 0, 4)]);
        Rejects(btf, "Not a VAR kind member");
    }

    [Fact]
    public void ArrayRules()
    {
        var btf = NewBtf(out var b, out uint i);
        b.AddArray(i, b.AddFwd("f", false), 2);
        Rejects(btf, "Invalid index");
        btf = NewBtf(out b, out i);
        b.AddArray(0, i, 2);
        Rejects(btf, "element type is void");
    }

    [Fact]
    public void ChainAndLoopRules()
    {
        var btf = NewBtf(out var b, out uint i);
        uint c = b.AddModifier(BtfKind.Const, i);
        b.AddModifier(BtfKind.Ptr, b.AddTypeTag("user", c));
        b.AddTypedef("t", b.AddTypeTag("user", i));
        Rejects(btf, "Type tags don't precede modifiers");

        btf = NewBtf(out b, out i);
        uint t1 = b.AddTypedef("a", 0);
        uint t2 = b.AddTypedef("b", t1);
        var a = btf.Type(t1);
        a.SizeOrType = t2;
        Rejects(btf, "Max chain length or cycle detected");

        btf = NewBtf(out b, out i);
        uint s = b.AddComposite(false, "s", 4, [new("a", i, 0, 0)]);
        var last = btf.Types[^1];
        uint target = b.AddTypedef("t", s);
        last.Data[1] = target;
        Rejects(btf, "Loop detected");
    }

    [Fact]
    public void DeclTagRules()
    {
        var btf = NewBtf(out var b, out uint i);
        b.AddDeclTag("tag", b.AddModifier(BtfKind.Ptr, i), -1);
        Rejects(btf, "tags a PTR");
        btf = NewBtf(out b, out i);
        b.AddDeclTag("tag", b.AddVar("v", i, 0), 0);
        Rejects(btf, "Invalid component_idx");
    }
}
