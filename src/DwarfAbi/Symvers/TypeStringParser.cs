namespace DwarfAbi.Symvers;

/// <summary>
/// Splits a <c>type_string</c> override into elements: every <c>s#</c>, <c>u#</c>, <c>e#</c> or
/// <c>t#</c> starts a reference (anywhere, even inside a word) that runs to the next space, or
/// to the closing quote when it is quoted; the text in between is kept byte for byte.
/// </summary>
internal static class TypeStringParser
{
    public static TypeExpansion Parse(string name, string text)
    {
        if (text.Length == 0)
            throw new DwarfAbiException($"empty type string override for '{name}'");
        var expansion = new TypeExpansion(name);
        int start = 0;
        for (int pos = 0; pos < text.Length; pos++)
        {
            if (!TypeExpansion.IsReference(text.AsSpan(pos)))
                continue;
            int end = pos + 2;
            char marker = ' ';
            if (end < text.Length && text[end] == '\'')
            {
                marker = '\'';
                end++;
            }
            while (end < text.Length && text[end] != marker)
                end++;
            bool empty;
            if (marker == '\'')
            {
                if (end >= text.Length)
                    throw new DwarfAbiException($"incomplete {text[pos]}# type reference for '{name}' (string : '{text}')");
                empty = end == pos + 3;
                end++;
            }
            else
            {
                empty = end == pos + 2;
            }
            if (empty)
                throw new DwarfAbiException($"empty {text[pos]}# type name for '{name}' (string: '{text}')");
            if (pos > start)
                expansion.Append(text[start..pos]);
            expansion.Append(text[pos..end]);
            start = end;
            pos = end - 1;
        }
        if (start < text.Length)
            expansion.Append(text[start..]);
        return expansion;
    }
}
