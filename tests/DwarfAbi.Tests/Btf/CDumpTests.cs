using DwarfAbi.Btf;
using DwarfAbi.Tests.Support;

namespace DwarfAbi.Tests.Btf;

/// <summary>
/// <c>dwarfabi btf dump --format c</c> on pahole's BTF of every x86_64 C fixture: clang must
/// accept the header without a warning, and every struct and union must have the size and member
/// offsets the BTF gives (see <see cref="CHeaderCheck"/>).
/// </summary>
public class CDumpTests
{
    public static TheoryData<string> X86Objects() => new(BtfFiles.CObjects().Where(f => f.Contains("/x86_64-", StringComparison.Ordinal)));

    [Theory]
    [MemberData(nameof(X86Objects))]
    public void HeaderCompilesWithTheBtfLayouts(string obj)
    {
        Assert.True(Tool.Exists("clang"), "clang is required; ./setup.sh installs it");
        // Objects pahole refuses (PaholeComparisonTests checks that we refuse them too) have no BTF to dump.
        if (BtfFiles.Pahole(obj, "--btf_gen_floats") is not { } bytes)
            return;
        string file = BtfFiles.TempFile(".btf");
        try
        {
            File.WriteAllBytes(file, bytes);
            var r = Tool.RunCli("btf", "dump", file, "--format", "c");
            Assert.True(r.ExitCode == 0, r.Stderr);
            Assert.Contains("#ifndef __VMLINUX_H__", r.Stdout);
            string problems = CHeaderCheck.Problems(BtfReader.ReadFile(file), r.Stdout, out int assertions);
            Assert.True(problems.Length == 0, $"{obj} ({assertions} layout assertions):\n{problems}");
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void UnknownFormatIsAUsageError()
    {
        var r = Tool.RunCli("btf", "dump", "x.btf", "--format", "json");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("expected raw or c", r.Stderr);
    }
}
