namespace DwarfAbi.Symvers;

/// <summary>Orders strings by their UTF-8 bytes, as strcmp orders the reference's names.</summary>
internal sealed class Utf8Order : IComparer<string>
{
    public static readonly Utf8Order Instance = new();

    public int Compare(string? x, string? y)
    {
        if (x is null || y is null)
            return x is null ? (y is null ? 0 : -1) : 1;
        // UTF-16 ordinal order equals UTF-8 byte order except around surrogates, so only those pay for encoding.
        if (!HasSurrogate(x) && !HasSurrogate(y))
            return Math.Sign(string.CompareOrdinal(x, y));
        return System.Text.Encoding.UTF8.GetBytes(x).AsSpan().SequenceCompareTo(System.Text.Encoding.UTF8.GetBytes(y));
    }

    private static bool HasSurrogate(string s)
    {
        foreach (char c in s)
        {
            if (char.IsSurrogate(c))
                return true;
        }
        return false;
    }
}
