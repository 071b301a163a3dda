using System.IO.Hashing;
using System.Text;

namespace DwarfAbi.Symvers;

/// <summary>
/// A symbol's CRC: zlib's crc32 over its fully expanded string, where each referenced type is
/// inlined at its first occurrence and kept as its token at every later one (and inside itself).
/// </summary>
internal sealed class VersionCalculator(TypeMap types, KabiRules rules, bool stable)
{
    private readonly Crc32 _crc = new();
    private readonly HashSet<TypeExpansion> _expanded = new(ReferenceEqualityComparer.Instance);
    private StringBuilder? _text;

    /// <summary>The CRC, and the hashed text when <paramref name="keepText"/> is set (for <c>--dump-versions</c>).</summary>
    public (uint Crc, string? Text) Calculate(TypeExpansion symbol, bool keepText)
    {
        _crc.Reset();
        _expanded.Clear();
        _text = keepText ? new StringBuilder() : null;
        Walk(symbol);
        return (_crc.GetCurrentHashAsUInt32(), _text?.ToString());
    }

    private void Walk(TypeExpansion expansion)
    {
        foreach (var segment in expansion.Segments)
        {
            if (segment.IsReference)
            {
                var referenced = segment.Target ??= Lookup(segment.Text)
                    ?? throw new DwarfAbiException($"unknown type reference to '{segment.Text}' when expanding '{expansion.Name}'");
                if (_expanded.Add(referenced))
                {
                    Walk(referenced);
                    continue;
                }
            }
            _text?.Append(segment.Text);
            _crc.Append(segment.Bytes);
        }
    }

    /// <summary>A type-map entry; in stable mode a <c>type_string</c> rule may define a type that DWARF lacks.</summary>
    private TypeExpansion? Lookup(string reference)
    {
        if (types.Find(reference) is { } found)
            return found;
        if (stable && rules.TryGetTypeString(reference, out string text))
            return types.Add(reference, TypeStringParser.Parse(reference, text));
        return null;
    }
}
