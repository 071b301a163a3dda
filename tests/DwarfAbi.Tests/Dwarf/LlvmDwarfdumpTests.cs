using DwarfAbi.Dump;
using DwarfAbi.Dwarf;
using DwarfAbi.Elf;
using DwarfAbi.Tests.Support;

namespace DwarfAbi.Tests.Dwarf;

/// <summary>
/// The DIE tree the reader sees equals what llvm-dwarfdump prints for the same object, after
/// relocation, for every fixture: every architecture, DWARF version, compiler and compression.
/// </summary>
public class LlvmDwarfdumpTests
{
    public static TheoryData<string> Objects()
    {
        var data = new TheoryData<string>();
        foreach (var o in Repo.Objects(Repo.Fixtures, "*.o", "*.dwo", "prog*"))
            data.Add(o);
        foreach (var o in Repo.Objects(Path.Combine(Repo.TestData, "symvers", "out"), "*.o"))
            data.Add(o);
        return data;
    }

    [Theory]
    [MemberData(nameof(Objects))]
    public void DieTreeEqualsLlvmDwarfdump(string relativePath)
    {
        string path = Path.Combine(Repo.Root, relativePath);
        Assert.True(Tool.Exists("llvm-dwarfdump"), "llvm-dwarfdump (Debian package llvm) is required");
        using var elf = ElfFile.Open(path);
        var expected = DumpNormalizer.Normalize(LlvmDwarfdump(path), elf.IsRelocatable);

        var output = new StringWriter();
        new DwarfDumper(DwarfData.FromElf(elf), output, new DumpOptions()).Dump();
        var actual = DumpNormalizer.Normalize(output.ToString(), elf.IsRelocatable);

        Assert.NotEmpty(expected);
        for (int i = 0; i < Math.Min(expected.Count, actual.Count); i++)
        {
            if (expected[i].EndsWith(DumpNormalizer.Unchecked) && SameAttribute(expected[i], actual[i]))
                continue;
            if (expected[i] != actual[i])
                Assert.Fail($"line {i}: llvm-dwarfdump says\n  {expected[i]}\nwe say\n  {actual[i]}");
        }
        Assert.Equal(expected.Count, actual.Count);
    }

    private static bool SameAttribute(string expected, string actual) =>
        actual.StartsWith(expected[..^DumpNormalizer.Unchecked.Length], StringComparison.Ordinal);

    /// <summary>
    /// llvm-dwarfdump 14 cannot inflate zstd sections; for those objects it reads a copy that
    /// binutils' objcopy decompressed, which leaves everything else as it was.
    /// </summary>
    private static string LlvmDwarfdump(string path)
    {
        var r = Tool.Run("llvm-dwarfdump", "--debug-info", "--debug-types", path);
        if (r.ExitCode == 0)
            return r.Stdout;
        Assert.Contains("unsupported compression type", r.Stderr);
        string copy = Path.Combine(Path.GetTempPath(), $"dwarfabi-{Guid.NewGuid():N}.o");
        try
        {
            Tool.Output("objcopy", "--decompress-debug-sections", path, copy);
            return Tool.Output("llvm-dwarfdump", "--debug-info", "--debug-types", copy);
        }
        finally
        {
            File.Delete(copy);
        }
    }
}
