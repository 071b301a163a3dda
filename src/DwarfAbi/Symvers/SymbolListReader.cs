namespace DwarfAbi.Symvers;

/// <summary>
/// Reads the symbol list given on standard input: one name per line, the first
/// whitespace-delimited token of the line; the rest of the line is ignored.
/// </summary>
public static class SymbolListReader
{
    public static ExportedSymbols Read(string text, SymversLog log)
    {
        var symbols = new ExportedSymbols();
        int start = 0;
        while (start < text.Length)
        {
            // Lines end at '\n' only, as with getline; a '\r' is whitespace inside the line.
            int end = text.IndexOf('\n', start);
            int next = end < 0 ? text.Length : end + 1;
            string line = text[start..next];
            start = next;
            string token = FirstToken(line)
                ?? throw new DwarfAbiException($"malformed input line: {line.TrimEnd('\n')}");
            if (symbols.Add(token))
                log.Debug("symbol_read_exports", token);
        }
        log.Debug("symbol_read_exports", $"{symbols.Count} exported symbols");
        return symbols;
    }

    private static string? FirstToken(string line)
    {
        int i = 0;
        while (i < line.Length && IsSpace(line[i]))
            i++;
        if (i == line.Length)
            return null;
        int j = i;
        while (j < line.Length && !IsSpace(line[j]))
            j++;
        return line[i..j];
    }

    // The C locale's isspace: what scanf's %s stops at.
    private static bool IsSpace(char c) => c is ' ' or '\t' or '\n' or '\v' or '\f' or '\r';
}
