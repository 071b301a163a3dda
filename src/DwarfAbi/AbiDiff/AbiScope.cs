namespace DwarfAbi.AbiDiff;

/// <summary>One symtypes type map (one object's or file's): key to text, parsed into trees on demand.</summary>
/// <param name="file">The file the entries came from, for messages.</param>
public sealed class AbiScope(IReadOnlyDictionary<string, string> entries, string file)
{
    private readonly Dictionary<string, TypeNode> _parsed = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, string> Entries { get; } = entries;

    public string? Text(string key) => Entries.GetValueOrDefault(key);

    public TypeNode? Node(string key)
    {
        if (_parsed.TryGetValue(key, out var node))
            return node;
        if (!Entries.TryGetValue(key, out string? text))
            return null;
        try
        {
            return _parsed[key] = TypeTextParser.Parse(key, text);
        }
        catch (DwarfAbiException e)
        {
            throw e.WithFile(file);
        }
    }

    /// <summary>Reads symtypes lines: <c>key text</c>, split at the first space after the key.</summary>
    public static Dictionary<string, string> ParseLines(IEnumerable<string> lines, string file)
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
            entries[line[..space]] = line[(space + 1)..];
        }
        return entries;
    }

    /// <summary>The exported symbols of a type map: every key that is not a type reference.</summary>
    public IEnumerable<string> Symbols => Entries.Keys.Where(k => !Symvers.TypeExpansion.IsReference(k));
}
