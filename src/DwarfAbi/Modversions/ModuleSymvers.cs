using System.Globalization;

namespace DwarfAbi.Modversions;

/// <summary>
/// The <c>Module.symvers</c> format: <c>crc TAB name TAB module TAB export-type TAB namespace</c>.
/// As in modpost, the CRC is hexadecimal with an optional <c>0x</c> and truncated to 32 bits, and
/// every listed symbol has a CRC, even <c>0x00000000</c>.
/// </summary>
public static class ModuleSymvers
{
    public static List<KernelExport> Read(string path)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DwarfAbiException($"cannot read: {e.Message}", file: path);
        }
        var exports = new List<KernelExport>(lines.Length);
        for (int i = 0; i < lines.Length; i++)
        {
            if (lines[i].Length == 0)
                continue;
            var f = lines[i].Split('\t');
            if (f.Length < 4 || f[1].Length == 0 || !TryParseCrc(f[0], out uint crc))
                throw new DwarfAbiException($"line {i + 1}: not a Module.symvers line (crc, name, module, export type, namespace)", file: path);
            exports.Add(new KernelExport(f[1], crc, f[2], f[3] == "EXPORT_SYMBOL_GPL", f.Length > 4 ? f[4] : ""));
        }
        return exports;
    }

    private static bool TryParseCrc(string text, out uint crc)
    {
        var digits = text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? text.AsSpan(2) : text.AsSpan();
        bool ok = ulong.TryParse(digits, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ulong value);
        crc = (uint)value;
        return ok;
    }

    /// <summary>One line as modpost writes it for a module's own export.</summary>
    public static string FormatLine(KernelExport e) =>
        $"0x{e.Crc ?? 0:x8}\t{e.Name}\t{e.Module}\t{(e.GplOnly ? "EXPORT_SYMBOL_GPL" : "EXPORT_SYMBOL")}\t{e.Namespace}\n";
}
