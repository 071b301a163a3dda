using System.Text;

namespace DwarfAbi.Symvers;

/// <summary>
/// A flattened type string in symtypes form: a list of elements whose concatenation is the
/// text. Reference tokens (<c>s#name</c>) are always whole elements, which is how the version
/// pass recognises them.
/// </summary>
internal sealed class TypeExpansion(string? name, int capacity = 0)
{
    private readonly List<string> _elements = new(capacity);
    private HashSegment[]? _segments;

    /// <summary>The type-map key or symbol name, for messages.</summary>
    public string? Name { get; } = name;
    public IReadOnlyList<string> Elements => _elements;
    /// <summary>The type's node number in <see cref="TypeClosures"/>, or -1.</summary>
    public int Index { get; set; } = -1;
    /// <summary>Length of the text in bytes: the longer of two rival expansions wins.</summary>
    public long Length { get; private set; }

    public void Append(string element)
    {
        _elements.Add(element);
        Length += Encoding.UTF8.GetByteCount(element);
        _segments = null;
    }

    public string Text => string.Concat(_elements);

    /// <summary>Whether an element is a reference token: <c>s#</c>, <c>u#</c>, <c>e#</c> or <c>t#</c> at its start.</summary>
    public static bool IsReference(ReadOnlySpan<char> element) =>
        element.Length >= 2 && element[1] == '#' && element[0] is 's' or 'u' or 'e' or 't';

    /// <summary>
    /// The expansion as the version pass consumes it: runs of literal elements joined into one
    /// UTF-8 block, and the references between them. A symbol's expanded text can be megabytes,
    /// so this is worked out once per type rather than once per symbol that reaches it.
    /// </summary>
    public HashSegment[] Segments => _segments ??= BuildSegments();

    private HashSegment[] BuildSegments()
    {
        var segments = new List<HashSegment>();
        var literal = new StringBuilder();
        foreach (string element in _elements)
        {
            if (!IsReference(element))
            {
                literal.Append(element);
                continue;
            }
            if (literal.Length > 0)
                segments.Add(new HashSegment(literal.ToString()));
            literal.Clear();
            segments.Add(new HashSegment(element) { IsReference = true });
        }
        if (literal.Length > 0)
            segments.Add(new HashSegment(literal.ToString()));
        return [.. segments];
    }
}

/// <summary>A literal run or a reference token of a <see cref="TypeExpansion"/>, with its UTF-8 bytes.</summary>
internal sealed class HashSegment(string text)
{
    public string Text { get; } = text;
    public byte[] Bytes { get; } = Encoding.UTF8.GetBytes(text);
    public bool IsReference { get; init; }
    /// <summary>The type a reference resolved to, kept after the first lookup.</summary>
    public TypeExpansion? Target { get; set; }
}
