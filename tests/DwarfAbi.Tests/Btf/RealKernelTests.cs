using DwarfAbi.Btf;
using DwarfAbi.Tests.Support;

namespace DwarfAbi.Tests.Btf;

/// <summary>
/// The Debian 6.1 vmlinux against pahole 1.24 run with the flags its build used. pahole -j merges
/// its threads' results in completion order, so ids differ between its runs; the comparison is
/// by the number of types of each kind and by the set of function names. Runs only with
/// DWARFABI_REAL_KERNEL=1 (it takes minutes), e.g. <c>DWARFABI_REAL_KERNEL=1 ./test.sh --real-kernel</c>.
/// </summary>
[Trait("Category", "RealKernel")]
public class RealKernelTests
{
    private static string Vmlinux => Path.Combine(
        Repo.Cache,
        "debian-6.1", "vmlinux-6.1.0-56-amd64");

    [Fact]
    public void VmlinuxMatchesPaholeKindByKind()
    {
        if (Environment.GetEnvironmentVariable("DWARFABI_REAL_KERNEL") != "1" || !File.Exists(Vmlinux) || !Tool.Exists("pahole"))
            return;
        string theirsFile = BtfFiles.TempFile(".btf"), oursFile = BtfFiles.TempFile(".btf");
        try
        {
            Tool.Output("pahole", "-j2", "--btf_gen_floats", "--lang_exclude=rust", $"--btf_encode_detached={theirsFile}", Vmlinux);
            var r = Tool.RunCli("btf", Vmlinux, "-o", oursFile, "-j2");
            Assert.True(r.ExitCode == 0, r.Stderr);
            var theirs = BtfReader.ReadFile(theirsFile);
            var ours = BtfReader.ReadFile(oursFile);
            Assert.Equal(KindCounts(theirs), KindCounts(ours));
            Assert.Equal(FunctionNames(theirs), FunctionNames(ours));
            Assert.Empty(Validator.Validate(File.ReadAllBytes(oursFile), null));
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
