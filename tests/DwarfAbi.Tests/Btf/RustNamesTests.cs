using DwarfAbi.Btf;
using DwarfAbi.Tests.Support;

namespace DwarfAbi.Tests.Btf;

/// <summary>The Rust name sanitiser against bpf-linker's own test vectors (TestData/btf/bpf-linker-sanitize.tsv).</summary>
public class RustNamesTests
{
    public static TheoryData<string, string> Vectors()
    {
        var data = new TheoryData<string, string>();
        foreach (string line in File.ReadLines(Path.Combine(Repo.TestData, "btf", "bpf-linker-sanitize.tsv")))
        {
            if (line.StartsWith('#'))
                continue;
            var fields = line.Split('\t');
            data.Add(fields[0].Replace("\\t", "\t"), fields[1]);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void SanitizedNameEqualsBpfLinkers(string rust, string expected)
    {
        string name = RustNames.Sanitize(rust);
        Assert.Equal(expected, name);
        Assert.True(RustNames.IsPortableIdentifier(name));
    }

    [Fact]
    public void PortableIdentifiersFollowTheStrictestKernelRule()
    {
        Assert.True(RustNames.IsPortableIdentifier("__0"));
        Assert.False(RustNames.IsPortableIdentifier("0"));
        Assert.False(RustNames.IsPortableIdentifier("a.b"));
        Assert.False(RustNames.IsPortableIdentifier(""));
        Assert.False(RustNames.IsPortableIdentifier(new string('a', 129)));
    }
}
