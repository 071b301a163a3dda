using DwarfAbi.Tests.Support;

namespace DwarfAbi.Tests.Btf;

/// <summary>
/// The encoder against pahole 1.24 (the version that built the Linux 6.1 reference), run in the
/// test on every C fixture: the raw BTF must be byte-identical, which covers type order, kinds,
/// names, dedup and the string table. Where pahole refuses an object, so must we.
/// </summary>
public class PaholeComparisonTests
{
    [Theory]
    [MemberData(nameof(BtfFiles.CObjectData), MemberType = typeof(BtfFiles))]
    public void MatchesPaholeWithoutFloats(string obj) => Compare(obj, [], ["--no-floats"]);

    [Theory]
    [MemberData(nameof(BtfFiles.CObjectData), MemberType = typeof(BtfFiles))]
    public void MatchesPaholeWithFloats(string obj) => Compare(obj, ["--btf_gen_floats"], []);

    public static TheoryData<string> TagObjects() => new(BtfFiles.CObjects().Where(f => f.EndsWith("tags.o", StringComparison.Ordinal)));

    [Fact]
    public void TagFixturesExist() => Assert.Equal(3, TagObjects().Count);

    [Theory]
    [MemberData(nameof(TagObjects))]
    public void MatchesPaholeWithoutDeclTags(string obj) => Compare(obj, ["--btf_gen_floats", "--skip_encoding_btf_decl_tag"], ["--skip-decl-tags"]);

    [Theory]
    [MemberData(nameof(TagObjects))]
    public void MatchesPaholeWithoutTypeTags(string obj) => Compare(obj, ["--btf_gen_floats", "--skip_encoding_btf_type_tag"], ["--skip-type-tags"]);

    private static void Compare(string obj, string[] paholeFlags, string[] ourFlags)
    {
        Assert.True(Tool.Exists("pahole"), "pahole (Debian package dwarves) is required; ./setup.sh installs it");
        var expected = BtfFiles.Pahole(obj, paholeFlags);
        var (actual, stderr) = BtfFiles.Ours(obj, ourFlags);
        if (expected is null)
        {
            Assert.True(actual is null, $"pahole refuses {obj} but the encoder accepted it");
            Assert.StartsWith("dwarfabi: error: ", stderr);
            return;
        }
        Assert.True(actual is not null, stderr);
        if (!expected.AsSpan().SequenceEqual(actual))
        {
            // Show the first differing record rather than bytes.
            var a = Dump(expected);
            var b = Dump(actual);
            Assert.Equal(a, b);
            Assert.Fail($"{obj}: same types but different bytes");
        }
    }

    private static string Dump(byte[] btf)
    {
        string f = BtfFiles.TempFile(".btf");
        File.WriteAllBytes(f, btf);
        try
        {
            return Tool.RunCli("btf", "dump", f).Stdout;
        }
        finally
        {
            File.Delete(f);
        }
    }
}
