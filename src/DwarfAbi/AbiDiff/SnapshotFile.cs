using System.Globalization;
using System.Text;

namespace DwarfAbi.AbiDiff;

/// <summary>
/// The snapshot format: a versioned text file, sorted so that two snapshots diff line by line.
/// <code>
/// #dwarfabi-snapshot 1
/// #unit SOURCE
/// #export NAME CRC STABLE-CRC       (hex, or '-' when unknown)
/// #rule TYPE\tTARGET\tVALUE
/// #plain
/// KEY TEXT                          (symtypes lines)
/// #stable
/// KEY TEXT
/// </code>
/// Symtypes keys never start with '#', so directives and entries cannot be confused.
/// </summary>
public static class SnapshotFile
{
    public const string Magic = "#dwarfabi-snapshot";
    public const int Version = 1;

    public static bool IsSnapshot(string path)
    {
        using var reader = new StreamReader(path);
        var buffer = new char[Magic.Length];
        return reader.ReadBlock(buffer) == Magic.Length && new string(buffer) == Magic;
    }

    public static void Write(AbiSnapshot snapshot, TextWriter writer)
    {
        writer.Write($"{Magic} {Version}\n");
        foreach (var unit in snapshot.Units)
        {
            writer.Write($"#unit {unit.Source}\n");
            foreach (var export in unit.Exports.OrderBy(e => e.Name, StringComparer.Ordinal))
                writer.Write($"#export {export.Name} {Hex(export.Crc)} {Hex(export.StableCrc)}\n");
            foreach (var rule in unit.Rules.OrderBy(r => r.Type, StringComparer.Ordinal).ThenBy(r => r.Target, StringComparer.Ordinal))
                writer.Write($"#rule {rule.Type}\t{rule.Target}\t{rule.Value}\n");
            Entries(writer, "#plain", unit.Plain);
            if (unit.Stable is not null)
                Entries(writer, "#stable", unit.Stable);
        }
    }

    private static void Entries(TextWriter writer, string header, AbiScope scope)
    {
        writer.Write(header + "\n");
        var sb = new StringBuilder();
        foreach (var (key, text) in scope.Entries.OrderBy(e => e.Key, StringComparer.Ordinal))
            sb.Append(key).Append(' ').Append(text).Append('\n');
        writer.Write(sb.ToString());
    }

    private static string Hex(uint? crc) => crc is { } c ? "0x" + c.ToString("x8", CultureInfo.InvariantCulture) : "-";

    public static AbiSnapshot Read(string path)
    {
        using var lines = File.ReadLines(path).GetEnumerator();
        if (!lines.MoveNext() || lines.Current != $"{Magic} {Version}")
            throw new DwarfAbiException($"unsupported snapshot version (expected '{Magic} {Version}')", file: path);
        var units = new List<AbiUnit>();
        var pool = new StringPool();
        var reader = new UnitReader(path, pool);
        for (int number = 2; lines.MoveNext(); number++)
        {
            string line = lines.Current;
            if (line.StartsWith("#unit ", StringComparison.Ordinal))
            {
                if (reader.Source is not null)
                    units.Add(reader.Finish());
                reader = new UnitReader(path, pool) { Source = line[6..] };
            }
            else
            {
                reader.Line(line, number);
            }
        }
        if (reader.Source is not null)
            units.Add(reader.Finish());
        return new AbiSnapshot(units);
    }

    private sealed class UnitReader(string file, StringPool pool)
    {
        private readonly List<AbiExport> _exports = [];
        private readonly List<KabiRule> _rules = [];
        private readonly List<string> _plain = [];
        private List<string>? _stable;
        private List<string>? _entries;

        public string? Source { get; init; }

        public void Line(string line, int number)
        {
            if (Source is null)
                throw Error(number, "entry before the first #unit");
            if (line == "#plain")
                _entries = _plain;
            else if (line == "#stable")
                _entries = _stable = [];
            else if (line.StartsWith("#export ", StringComparison.Ordinal))
                _exports.Add(Export(line, number));
            else if (line.StartsWith("#rule ", StringComparison.Ordinal) && line[6..].Split('\t') is [var type, var target, var value])
                _rules.Add(new KabiRule(type, target, value));
            else if (_entries is not null && !line.StartsWith('#'))
                _entries.Add(line);
            else
                throw Error(number, $"unexpected line '{line}'");
        }

        private AbiExport Export(string line, int number)
        {
            var fields = line.Split(' ');
            if (fields.Length != 4)
                throw Error(number, "expected '#export NAME CRC STABLE-CRC'");
            return new AbiExport(fields[1], Crc(fields[2], number), Crc(fields[3], number));
        }

        private uint? Crc(string text, int number)
        {
            if (text == "-")
                return null;
            if (text.StartsWith("0x", StringComparison.Ordinal) && uint.TryParse(text.AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out uint crc))
                return crc;
            throw Error(number, $"bad CRC '{text}'");
        }

        private DwarfAbiException Error(int number, string message) => new($"line {number}: {message}", file: file);

        public AbiUnit Finish() => new(
            Source!,
            _exports,
            new AbiScope(AbiScope.ParseLines(_plain, file, pool), file),
            _stable is null ? null : new AbiScope(AbiScope.ParseLines(_stable, file, pool), file),
            _rules);
    }
}
