namespace DwarfAbi.AbiDiff;

/// <summary>One symtypes type map (one object's or file's): key to text.</summary>
/// <param name="file">The file the entries came from, for messages.</param>
public sealed class AbiScope(IReadOnlyDictionary<string, string> entries, string file)
{
    public IReadOnlyDictionary<string, string> Entries { get; } = entries;

    public string File { get; } = file;

    public string? Text(string key) => Entries.GetValueOrDefault(key);

    /// <summary>Reads symtypes lines: <c>key text</c>, split at the first space after the key.</summary>
    /// <param name="pool">Where equal keys and texts become one string (a tree's units repeat most of them), or null.</param>
    public static Dictionary<string, string> ParseLines(IEnumerable<string> lines, string file, StringPool? pool = null)
    {
        var entries = new Dictionary<string, string>(StringComparer.Ordinal);
        int number = 0;
        foreach (string line in lines)
        {
            number++;
            if (line.Length == 0)
                continue;
            // A quoted reference key (s#'(u8, char)') runs to its closing quote.
            int keyEnd = line.Length > 3 && line[2] == '\'' && Symvers.TypeExpansion.IsReference(line) ? line.IndexOf('\'', 3) + 1 : 0;
            int space = line.IndexOf(' ', keyEnd);
            if (space <= 0 || space == line.Length - 1)
                throw new DwarfAbiException($"line {number}: not a symtypes line (KEY TEXT)", file: file);
            string key = line[..space], text = line[(space + 1)..];
            entries[pool?.Intern(key) ?? key] = pool?.Intern(text) ?? text;
        }
        return entries;
    }

    /// <summary>The exported symbols of a type map: every key that is not a type reference.</summary>
    public IEnumerable<string> Symbols => Entries.Keys.Where(k => !Symvers.TypeExpansion.IsReference(k));
}
