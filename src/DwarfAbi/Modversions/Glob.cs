namespace DwarfAbi.Modversions;

/// <summary>Shell-style matching with <c>*</c> and <c>?</c>, enough for module-name patterns.</summary>
internal static class Glob
{
    public static bool Matches(ReadOnlySpan<char> pattern, ReadOnlySpan<char> text)
    {
        if (pattern.IsEmpty)
            return text.IsEmpty;
        if (pattern[0] == '*')
        {
            for (int i = 0; i <= text.Length; i++)
            {
                if (Matches(pattern[1..], text[i..]))
                    return true;
            }
            return false;
        }
        return !text.IsEmpty && (pattern[0] == '?' || pattern[0] == text[0]) && Matches(pattern[1..], text[1..]);
    }
}
