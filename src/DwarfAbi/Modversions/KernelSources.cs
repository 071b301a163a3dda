using DwarfAbi.Elf;

namespace DwarfAbi.Modversions;

/// <summary>
/// Loads the exports a kernel offers from whichever form the user has: a Module.symvers, a
/// vmlinux (or any linked object with <c>__crc_*</c> symbols), or <c>#SYMVER</c> lines.
/// </summary>
public static class KernelSources
{
    public static List<KernelExport> Load(string path)
    {
        Span<byte> head = stackalloc byte[512];
        int n;
        try
        {
            using var f = File.OpenRead(path);
            n = f.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DwarfAbiException($"cannot read: {e.Message}", file: path);
        }
        head = head[..n];
        if (head.StartsWith((ReadOnlySpan<byte>)[0x7f, (byte)'E', (byte)'L', (byte)'F']))
        {
            using var elf = ElfFile.Open(path);
            try
            {
                var exports = ElfExports.Read(elf, KernelExport.Vmlinux);
                return exports.Count > 0 ? exports : throw new DwarfAbiException("no __crc_* or __ksymtab_* symbols: not a kernel image with exports");
            }
            catch (DwarfAbiException e)
            {
                throw e.WithFile(path);
            }
        }
        if (SymverLines.Looks(System.Text.Encoding.UTF8.GetString(head)))
            return SymverLines.ReadExports(path);
        return ModuleSymvers.Read(path);
    }
}
