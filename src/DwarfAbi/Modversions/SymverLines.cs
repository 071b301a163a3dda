using System.Globalization;

namespace DwarfAbi.Modversions;

/// <summary>
/// <c>#SYMVER name crc</c> lines: the output of genksyms/gendwarfksyms, also appended to
/// kbuild's <c>.o.cmd</c> files. The CRC is read like <c>strtoul(s, 0)</c>; a line whose CRC
/// does not start with a digit is skipped.
/// </summary>
public static class SymverLines
{
    private const string Marker = "#SYMVER ";

    /// <summary>True when the text starts (after blank lines) with a <c>#SYMVER</c> line.</summary>
    public static bool Looks(ReadOnlySpan<char> text) => text.TrimStart().StartsWith(Marker, StringComparison.Ordinal);

    /// <summary>
    /// The CRCs in order. modpost only honours a line that follows a newline, so in a
    /// <c>.cmd</c> file (<paramref name="newlineBefore"/>) the file's first line never counts.
    /// </summary>
    public static List<KeyValuePair<string, uint>> Parse(string text, bool newlineBefore)
    {
        var result = new List<KeyValuePair<string, uint>>();
        var lines = text.Split('\n');
        for (int i = newlineBefore ? 1 : 0; i < lines.Length; i++)
        {
            string line = lines[i];
            if (!line.StartsWith(Marker, StringComparison.Ordinal))
                continue;
            var parts = line[Marker.Length..].Split(' ', 2);
            if (parts.Length == 2 && TryParseCUnsigned(parts[1], out uint crc))
                result.Add(new(parts[0], crc));
        }
        return result;
    }

    public static List<KernelExport> ReadExports(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DwarfAbiException($"cannot read: {e.Message}", file: path);
        }
        return [.. Parse(text, newlineBefore: false).Select(p => new KernelExport(p.Key, p.Value, KernelExport.Vmlinux, false, ""))];
    }

    /// <summary>The whole field as C's <c>strtoul(.., 0)</c> would take it: 0x hex, 0 octal, else decimal.</summary>
    private static bool TryParseCUnsigned(string s, out uint value)
    {
        value = 0;
        if (s.Length == 0 || !char.IsAsciiDigit(s[0]))
            return false;
        ulong v;
        bool ok;
        if (s.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
            ok = ulong.TryParse(s.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out v);
        else if (s.Length > 1 && s[0] == '0')
        {
            ok = s.All(c => c is >= '0' and <= '7');
            v = ok ? Convert.ToUInt64(s, 8) : 0;
        }
        else
            ok = ulong.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out v);
        value = (uint)v;
        return ok;
    }
}
