using DwarfAbi.Btf;
using DwarfAbi.Tests.Support;

namespace DwarfAbi.Tests.Btf;

/// <summary>Skips with the reason when the Debian 6.1 vmlinux is not in the cache or pahole is missing.</summary>
public sealed class DebianPaholeFactAttribute : FactAttribute
{
    public DebianPaholeFactAttribute()
    {
        if (!File.Exists(DebianKernel61.CurrentVmlinux))
            Skip = $"{DebianKernel61.CurrentVmlinux} not found; run bench/fetch-debian-6.1.sh";
        else if (!Tool.Exists("pahole"))
            Skip = "not installed: pahole (Debian dwarves)";
    }
}

/// <summary>
/// The Debian 6.1 kernel (the ABI that <c>bench/fetch-debian-6.1.sh</c> made current) against
/// pahole 1.24 run with the flags its build used (<c>--btf_gen_floats --lang_exclude=rust</c>).
/// pahole -j merges its threads' results in completion order, and each thread keeps its own list
/// of emitted functions, so a function defined in two units handled by different threads is
/// written twice (304 times on 6.1.0-57); pahole -j1 is deterministic, and our output with -j2
/// must equal its bytes, for the vmlinux and for split BTF of modules on top of it. Kind counts
/// and function names are compared first, for a readable failure. Run with
/// <c>./test.sh --real-kernel</c>.
/// </summary>
[Trait("Category", "RealKernel")]
public class RealKernelTests
{
    private static readonly string[] PaholeFlags = ["-j1", "--btf_gen_floats", "--lang_exclude=rust"];

    // pahole's vmlinux BTF, made once: the base of the module comparisons.
    private static readonly Lazy<string> PaholeVmlinux = new(() =>
    {
        string file = BtfFiles.TempFile(".btf");
        Tool.Output("pahole", [.. PaholeFlags, $"--btf_encode_detached={file}", DebianKernel61.CurrentVmlinux]);
        return file;
    });

    [DebianPaholeFact]
    public void VmlinuxEqualsPahole() => AssertEqualsPahole(DebianKernel61.CurrentVmlinux, null);

    [DebianPaholeFact]
    public void KernelAcceptsVmlinuxBtfWhenItAcceptsPaholes()
    {
        string ours = BtfFiles.TempFile(".btf");
        try
        {
            var r = Tool.RunCli("btf", DebianKernel61.CurrentVmlinux, "-o", ours, "-j2");
            Assert.True(r.ExitCode == 0, r.Stderr);
            var theirs = KernelLoader.Load(File.ReadAllBytes(PaholeVmlinux.Value));
            var verdict = KernelLoader.Load(File.ReadAllBytes(ours));
            Assert.Equal(theirs.Outcome, verdict.Outcome);
            if (theirs.Outcome == KernelLoader.Outcome.Accepted)
                Assert.True(verdict.Outcome == KernelLoader.Outcome.Accepted, verdict.Log);
        }
        finally
        {
            File.Delete(ours);
        }
    }

    [DebianPaholeFact]
    public void Ext4SplitBtfEqualsPahole() => Module("fs/ext4/ext4.ko");

    [DebianPaholeFact]
    public void BluetoothSplitBtfEqualsPahole() => Module("net/bluetooth/bluetooth.ko");

    [DebianPaholeFact]
    public void AmdgpuSplitBtfEqualsPahole() => Module("drivers/gpu/drm/amd/amdgpu/amdgpu.ko");

    [DebianPaholeFact]
    public void VmlinuxCHeaderCompilesWithTheBtfLayouts()
    {
        var r = Tool.RunCli("btf", "dump", PaholeVmlinux.Value, "--format", "c");
        Assert.True(r.ExitCode == 0, r.Stderr);
        string problems = CHeaderCheck.Problems(BtfReader.ReadFile(PaholeVmlinux.Value), r.Stdout, out int assertions);
        Assert.True(assertions > 50_000, $"only {assertions} layout assertions");
        Assert.True(problems.Length == 0, problems[..Math.Min(problems.Length, 4000)]);
    }

    [DebianPaholeFact]
    public void AmdgpuSplitCHeaderCompilesWithTheBtfLayouts()
    {
        string split = BtfFiles.TempFile(".btf");
        try
        {
            string amdgpu = Path.Combine(DebianKernel61.CurrentModules, "drivers/gpu/drm/amd/amdgpu/amdgpu.ko");
            Tool.Output("pahole", [.. PaholeFlags, $"--btf_base={PaholeVmlinux.Value}", $"--btf_encode_detached={split}", amdgpu]);
            var r = Tool.RunCli("btf", "dump", split, "--base", PaholeVmlinux.Value, "--format", "c");
            Assert.True(r.ExitCode == 0, r.Stderr);
            var btf = BtfReader.ReadFile(split, BtfReader.ReadFile(PaholeVmlinux.Value));
            string problems = CHeaderCheck.Problems(btf, r.Stdout, out _);
            Assert.True(problems.Length == 0, problems[..Math.Min(problems.Length, 4000)]);
        }
        finally
        {
            File.Delete(split);
        }
    }

    private static void Module(string relativePath) =>
        AssertEqualsPahole(Path.Combine(DebianKernel61.CurrentModules, relativePath), PaholeVmlinux.Value);

    private static void AssertEqualsPahole(string input, string? baseFile)
    {
        string theirsFile = BtfFiles.TempFile(".btf"), oursFile = BtfFiles.TempFile(".btf");
        try
        {
            string[] baseFlag = baseFile is null ? [] : [$"--btf_base={baseFile}"];
            Tool.Output("pahole", [.. PaholeFlags, .. baseFlag, $"--btf_encode_detached={theirsFile}", input]);
            string[] ourBase = baseFile is null ? [] : ["--base", baseFile];
            var r = Tool.RunCli(["btf", input, "-o", oursFile, "-j2", .. ourBase]);
            Assert.True(r.ExitCode == 0, r.Stderr);
            var baseBtf = baseFile is null ? null : BtfReader.ReadFile(baseFile);
            var theirs = BtfReader.ReadFile(theirsFile, baseBtf);
            var ours = BtfReader.ReadFile(oursFile, baseBtf);
            Assert.Equal(KindCounts(theirs), KindCounts(ours));
            Assert.Equal(FunctionNames(theirs), FunctionNames(ours));
            Assert.Empty(Validator.Validate(File.ReadAllBytes(oursFile), baseBtf));
            Assert.True(File.ReadAllBytes(theirsFile).AsSpan().SequenceEqual(File.ReadAllBytes(oursFile)), $"{input}: BTF bytes differ from pahole -j1's");
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
