using DwarfAbi.Btf;
using DwarfAbi.Tests.Support;

namespace DwarfAbi.Tests.Btf;

/// <summary>Skips with the reason when Debian's Rust-enabled Linux 7.2 is not in the cache.</summary>
public sealed class DebianKernel72FactAttribute : FactAttribute
{
    public DebianKernel72FactAttribute()
    {
        if (DebianKernel72.Missing(DebianKernel72.Vmlinux) is { } reason)
            Skip = reason;
    }
}

/// <summary>
/// Debian's Rust-enabled Linux 7.2 encoded with its Rust units and without them: both load into
/// the running kernel, and including Rust loses nothing of the C part, neither a function nor a
/// named type. Numbers are in bench/results/rust-btf-7.2.md. Run with <c>./test.sh --real-kernel</c>.
/// </summary>
[Trait("Category", "RealKernel")]
public class RustKernelBtfTests
{
    private static readonly Lazy<BtfData> WithRust = new(() => Encode());
    private static readonly Lazy<BtfData> WithoutRust = new(() => Encode("--lang-exclude", "rust"));

    private static BtfData Encode(params string[] flags)
    {
        string file = BtfFiles.TempFile(".btf");
        try
        {
            var r = Tool.RunCli(["btf", DebianKernel72.Vmlinux, "-o", file, "-j2", .. flags]);
            Assert.True(r.ExitCode == 0, r.Stderr);
            var bytes = File.ReadAllBytes(file);
            Assert.Empty(Validator.Validate(bytes, null));
            var verdict = KernelLoader.Load(bytes);
            Assert.True(verdict.Outcome != KernelLoader.Outcome.Rejected, $"{string.Join(' ', flags)}: {verdict.Summary}\n{verdict.Log}");
            return BtfReader.Parse(bytes, null);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [DebianKernel72Fact]
    public void RustAddsTypesAndLosesNoCFunctionOrName()
    {
        var c = Names(WithoutRust.Value);
        var all = Names(WithRust.Value);
        var lost = c.Where(n => !all.Contains(n)).Select(n => $"{BtfKindNames.Name(n.Kind)} {n.Name}").ToList();
        Assert.True(lost.Count == 0, $"{lost.Count} C names lost when Rust is included: {string.Join(", ", lost.Take(50))}");
        Assert.True(WithRust.Value.Types.Count > WithoutRust.Value.Types.Count, "the Rust units added no type");
    }

    /// <summary>
    /// bindgen's stand-ins for incomplete C types would be the definitions BTF dedup resolves the
    /// C forward declarations of the same names to.
    /// </summary>
    [DebianKernel72Fact]
    public void NoBindgenStandInIsLeft()
    {
        var btf = WithRust.Value;
        var standIns = btf.Types.Where(t => t.Kind == BtfKind.Struct && t.Vlen == 1 && t.SizeOrType <= 1
                && btf.Name(t.MemberName(0)) is "_address" or "_unused")
            .Select(t => btf.Name(t.NameOff)).ToList();
        Assert.True(standIns.Count == 0, string.Join(", ", standIns.Take(50)));
    }

    private static HashSet<(BtfKind Kind, string Name)> Names(BtfData btf) =>
        btf.Types.Where(t => t.NameOff != 0).Select(t => (t.Kind, btf.Name(t.NameOff))).ToHashSet();
}
