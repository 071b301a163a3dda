using System.IO.Hashing;
using System.Text;

namespace DwarfAbi.Symvers;

/// <summary>
/// A symbol's CRC: zlib's crc32 over its fully expanded string, where each referenced type is
/// inlined at its first occurrence and kept as its token at every later one (and inside itself).
/// </summary>
/// <remarks>
/// With <see cref="TypeClosures"/> of a fixed type map, a type whose whole closure is still
/// unexpanded contributes its stored digest (see <see cref="TypeClosures"/>); the CRC is then
/// kept as the combination of the text hashed so far and those digests.
/// </remarks>
internal sealed class VersionCalculator(TypeMap types, KabiRules rules, bool stable, TypeClosures? closures = null)
{
    private readonly Crc32 _crc = new();
    private readonly HashSet<TypeExpansion> _expanded = new(ReferenceEqualityComparer.Instance);
    private readonly ulong[]? _expandedBits = closures is null ? null : new ulong[closures.Words];
    private StringBuilder? _text;
    // The CRC of everything before the bytes in _crc, and the number of bytes in _crc.
    private uint _prefix;
    private long _prefixLength;
    private long _runLength;
    // While working out a type's digest: digests of its own component would be circular.
    private TypeExpansion? _digestOf;

    /// <summary>The CRC, and the hashed text when <paramref name="keepText"/> is set (for <c>--dump-versions</c>).</summary>
    public (uint Crc, string? Text) Calculate(TypeExpansion symbol, bool keepText)
    {
        Reset();
        _text = keepText ? new StringBuilder() : null;
        Walk(symbol);
        return (Current, _text?.ToString());
    }

    private uint Current => Crc32Combine.Combine(_prefix, _crc.GetCurrentHashAsUInt32(), _runLength);

    private void Reset()
    {
        _crc.Reset();
        _prefix = 0;
        _prefixLength = 0;
        _runLength = 0;
        _expanded.Clear();
        if (_expandedBits is not null)
            System.Array.Clear(_expandedBits);
    }

    private void Walk(TypeExpansion expansion)
    {
        foreach (var segment in expansion.Segments)
        {
            if (segment.IsReference)
            {
                var referenced = segment.Target ??= Lookup(segment.Text)
                    ?? throw new DwarfAbiException($"unknown type reference to '{segment.Text}' when expanding '{expansion.Name}'");
                if (MarkExpanded(referenced))
                {
                    if (!TryDigest(referenced))
                        Walk(referenced);
                    continue;
                }
            }
            _text?.Append(segment.Text);
            _crc.Append(segment.Bytes);
            _runLength += segment.Bytes.Length;
        }
    }

    /// <summary>Marks a type as expanded for this symbol; false when it already was.</summary>
    private bool MarkExpanded(TypeExpansion type)
    {
        if (_expandedBits is null || type.Index < 0)
            return _expanded.Add(type);
        ref ulong word = ref _expandedBits[type.Index >> 6];
        ulong bit = 1UL << type.Index;
        if ((word & bit) != 0)
            return false;
        word |= bit;
        return true;
    }

    /// <summary>
    /// Hashes a type just marked expanded by its digest, when nothing else of its closure is
    /// expanded yet; the whole closure is then marked.
    /// </summary>
    private bool TryDigest(TypeExpansion type)
    {
        if (closures is null || _text is not null || closures.ClosureOf(type) is not { } closure)
            return false;
        if (_digestOf is not null && closures.SameComponent(type, _digestOf))
            return false;
        int index = type.Index;
        ulong bit = 1UL << index;
        _expandedBits![index >> 6] &= ~bit;
        bool disjoint = !TypeClosures.Intersects(closure, _expandedBits);
        _expandedBits[index >> 6] |= bit;
        if (!disjoint)
            return false;
        var digest = closures.DigestOf(type) ?? ComputeDigest(type);
        _prefix = Crc32Combine.Combine(Current, digest.Crc, digest.Length);
        _prefixLength += _runLength + digest.Length;
        _crc.Reset();
        _runLength = 0;
        TypeClosures.Or(_expandedBits, closure);
        return true;
    }

    private TypeDigest ComputeDigest(TypeExpansion type)
    {
        var calculator = new VersionCalculator(types, rules, stable, closures) { _digestOf = type };
        calculator.Reset();
        calculator.MarkExpanded(type);
        calculator.Walk(type);
        long length = calculator._prefixLength + calculator._runLength;
        var digest = new TypeDigest(calculator.Current, length);
        closures!.SetDigest(type, digest);
        return digest;
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
