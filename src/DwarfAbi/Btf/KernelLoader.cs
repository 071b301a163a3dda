using System.Runtime.InteropServices;
using System.Text;

namespace DwarfAbi.Btf;

/// <summary>
/// Loads BTF into the running kernel with <c>bpf(BPF_BTF_LOAD)</c>, the authoritative check of
/// standalone BTF, and returns the kernel's verdict with its verifier log.
/// </summary>
public static partial class KernelLoader
{
    public enum Outcome
    {
        Accepted,
        Rejected,
        /// <summary>The kernel or the process's privileges do not allow the check (no bpf(2), no CAP_BPF).</summary>
        Unavailable,
    }

    public sealed record Verdict(Outcome Outcome, string Summary, string Log);

    private const int BpfBtfLoad = 18;
    private const int AttrSize = 40;
    private const int LogSize = 16 * 1024 * 1024;
    private const int EPERM = 1, ENOSYS = 38, EACCES = 13;

    [LibraryImport("libc", EntryPoint = "syscall", SetLastError = true)]
    private static partial long Syscall(long number, long cmd, IntPtr attr, long size);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);

    private static long? BpfSyscallNumber => RuntimeInformation.ProcessArchitecture switch
    {
        Architecture.X64 => 321,
        Architecture.Arm64 or Architecture.RiscV64 => 280,
        Architecture.X86 => 357,
        Architecture.Arm => 386,
        Architecture.S390x => 351,
        Architecture.Ppc64le => 361,
        _ => null,
    };

    public static unsafe Verdict Load(byte[] btf)
    {
        if (!OperatingSystem.IsLinux() || BpfSyscallNumber is not { } nr)
            return new Verdict(Outcome.Unavailable, "not checked: bpf(2) is only available on Linux", "");
        var log = new byte[LogSize];
        var attr = new byte[AttrSize];
        fixed (byte* data = btf)
        fixed (byte* logBuf = log)
        fixed (byte* a = attr)
        {
            *(ulong*)a = (ulong)data;
            *(ulong*)(a + 8) = (ulong)logBuf;
            *(uint*)(a + 16) = (uint)btf.Length;
            *(uint*)(a + 20) = LogSize;
            *(uint*)(a + 24) = 1;
            long fd = Syscall(nr, BpfBtfLoad, (IntPtr)a, AttrSize);
            int errno = Marshal.GetLastPInvokeError();
            string text = Encoding.UTF8.GetString(log, 0, Math.Max(0, Array.IndexOf(log, (byte)0)));
            if (fd >= 0)
            {
                Close((int)fd);
                return new Verdict(Outcome.Accepted, "accepted by BPF_BTF_LOAD", "");
            }
            return errno switch
            {
                EPERM or EACCES => new Verdict(Outcome.Unavailable, "not checked: BPF_BTF_LOAD is not permitted here (needs CAP_BPF or root, and unprivileged BPF must be allowed)", text),
                ENOSYS => new Verdict(Outcome.Unavailable, "not checked: this kernel has no bpf(2)", text),
                _ => new Verdict(Outcome.Rejected, $"rejected by BPF_BTF_LOAD ({new System.ComponentModel.Win32Exception(errno).Message}, errno {errno})", text),
            };
        }
    }
}
