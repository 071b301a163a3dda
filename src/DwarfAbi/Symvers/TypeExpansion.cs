using System.Text;

namespace DwarfAbi.Symvers;

/// <summary>
/// A flattened type string in symtypes form: a list of elements whose concatenation is the
/// text. Reference tokens (<c>s#name</c>) are always whole elements, which is how the version
/// pass recognises them.
/// </summary>
internal sealed class TypeExpansion(string? name)
{
    private readonly List<string> _elements = [];

    /// <summary>The type-map key or symbol name, for messages.</summary>
    public string? Name { get; } = name;
    public IReadOnlyList<string> Elements => _elements;
    /// <summary>Length of the text in bytes: the longer of two rival expansions wins.</summary>
    public long Length { get; private set; }

    public void Append(string element)
    {
        _elements.Add(element);
        Length += Encoding.UTF8.GetByteCount(element);
    }

    public string Text => string.Concat(_elements);

    /// <summary>Whether an element is a reference token: <c>s#</c>, <c>u#</c>, <c>e#</c> or <c>t#</c> at its start.</summary>
    public static bool IsReference(ReadOnlySpan<char> element) =>
        element.Length >= 2 && element[1] == '#' && element[0] is 's' or 'u' or 'e' or 't';
}
