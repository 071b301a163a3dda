using DwarfAbi.Btf;
using DwarfAbi.Tests.Support;

namespace DwarfAbi.Tests.Btf;

/// <summary>
/// The Debian 6.1 vmlinux (the ABI that <c>bench/fetch-debian-6.1.sh</c> made current) against
/// pahole 1.24 run with the flags its build used. pahole -j merges its threads' results in
/// completion order, and each thread keeps its own list of emitted functions, so a function
/// defined in two units handled by different threads is written twice (304 times on 6.1.0-57);
/// pahole -j1 is deterministic, and our output for any -j must equal its bytes. The kind counts
/// and function names are compared first, for a readable failure. Runs only with
/// DWARFABI_REAL_KERNEL=1 (it takes minutes), e.g. <c>DWARFABI_REAL_KERNEL=1 ./test.sh --real-kernel</c>.
/// </summary>
[Trait("Category", "RealKernel")]
public class RealKernelTests
{
    private static string Vmlinux => DebianKernel61.CurrentVmlinux;

    [Fact]
    public void VmlinuxMatchesPaholeKindByKind()
    {
        if (Environment.GetEnvironmentVariable("DWARFABI_REAL_KERNEL") != "1" || !File.Exists(Vmlinux) || !Tool.Exists("pahole"))
            return;
        string theirsFile = BtfFiles.TempFile(".btf"), oursFile = BtfFiles.TempFile(".btf");
        try
        {
            Tool.Output("pahole", "-j1", "--btf_gen_floats", "--lang_exclude=rust", $"--btf_encode_detached={theirsFile}", Vmlinux);
            var r = Tool.RunCli("btf", Vmlinux, "-o", oursFile, "-j2");
            Assert.True(r.ExitCode == 0, r.Stderr);
            var theirs = BtfReader.ReadFile(theirsFile);
            var ours = BtfReader.ReadFile(oursFile);
            Assert.Equal(KindCounts(theirs), KindCounts(ours));
            Assert.Equal(FunctionNames(theirs), FunctionNames(ours));
            Assert.Empty(Validator.Validate(File.ReadAllBytes(oursFile), null));
            Assert.True(File.ReadAllBytes(theirsFile).AsSpan().SequenceEqual(File.ReadAllBytes(oursFile)), "BTF bytes differ from pahole -j1's");
        }
        finally
        {
            File.Delete(theirsFile);
            File.Delete(oursFile);
        }
    }

    private static SortedDictionary<string, int> KindCounts(BtfData btf) =>
        new(btf.Types.GroupBy(t => BtfKindNames.Name(t.Kind)).ToDictionary(g => g.Key, g => g.Count()));

    private static List<string> FunctionNames(BtfData btf) =>
        btf.Types.Where(t => t.Kind == BtfKind.Func).Select(t => btf.Name(t.NameOff)).Order(StringComparer.Ordinal).ToList();
}
