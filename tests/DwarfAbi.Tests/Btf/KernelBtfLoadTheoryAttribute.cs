using DwarfAbi.Btf;

namespace DwarfAbi.Tests.Btf;

/// <summary>
/// Skips with the kernel's reason when this machine does not let the tests run BPF_BTF_LOAD (no
/// bpf(2), no CAP_BPF): a one-INT BTF that every kernel accepts is loaded once to find out.
/// </summary>
public sealed class KernelBtfLoadTheoryAttribute : TheoryAttribute
{
    private static readonly Lazy<string?> Unavailable = new(Probe);

    public KernelBtfLoadTheoryAttribute()
    {
        if (Unavailable.Value is { } reason)
            Skip = reason;
    }

    private static string? Probe()
    {
        var btf = new BtfData();
        new BtfBuilder(btf).AddInt("int", 4, BtfConstants.IntSigned);
        var verdict = KernelLoader.Load(BtfWriter.Write(btf));
        return verdict.Outcome switch
        {
            KernelLoader.Outcome.Unavailable => verdict.Summary,
            KernelLoader.Outcome.Rejected => $"the kernel rejects even a one-INT BTF: {verdict.Summary}",
            _ => null,
        };
    }
}
