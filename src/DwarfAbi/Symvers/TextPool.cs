using System.Buffers;
using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using DwarfAbi.Dwarf;

namespace DwarfAbi.Symvers;

/// <summary>
/// One copy of each text the renderer produces, shared by all units of an object: a kernel's
/// units repeat the same names, attribute texts and reference tokens millions of times, and
/// holding them once keeps the die map small and the garbage collector's work short.
/// Safe for units rendered in parallel.
/// </summary>
internal sealed class TextPool
{
    private const int StackChars = 256;

    private readonly ConcurrentDictionary<string, string> _strings = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _bySpan;
    private readonly ConcurrentDictionary<(string Kind, ulong Value), string> _formatted = new();
    private readonly ConcurrentDictionary<(char Prefix, string Fqn), string> _references = new();

    public TextPool() => _bySpan = _strings.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>A DIE's DW_AT_name, or null.</summary>
    public string? Name(Die die) => die.TryGet(DwAt.Name, out var v) ? Intern(die.Unit.StringBytes(v)) : null;

    /// <summary>The text of a UTF-8 string (invalid bytes read as U+FFFD, as everywhere in the reader).</summary>
    public string Intern(ReadOnlySpan<byte> utf8)
    {
        int max = Encoding.UTF8.GetMaxCharCount(utf8.Length);
        char[]? rented = max > StackChars ? ArrayPool<char>.Shared.Rent(max) : null;
        Span<char> chars = rented ?? stackalloc char[StackChars];
        var text = chars[..Encoding.UTF8.GetChars(utf8, chars)];
        if (!_bySpan.TryGetValue(text, out string? interned))
        {
            string created = new(text);
            interned = _strings.GetOrAdd(created, created);
        }
        if (rented is not null)
            ArrayPool<char>.Shared.Return(rented);
        return interned;
    }

    /// <summary><c> name(value)</c>, the text of an attribute.</summary>
    public string Attribute(string name, ulong value) =>
        _formatted.GetOrAdd((name, value), static key => $" {key.Kind}({key.Value.ToString(CultureInfo.InvariantCulture)})");

    /// <summary><c>[count]</c>, an array dimension.</summary>
    public string Dimension(ulong count) =>
        _formatted.GetOrAdd(("[", count), static key => $"[{key.Value.ToString(CultureInfo.InvariantCulture)}]");

    public string Number(ulong value) =>
        _formatted.GetOrAdd(("", value), static key => key.Value.ToString(CultureInfo.InvariantCulture));

    /// <summary>A type's reference token: <c>s#name</c>, quoted when the name has a space.</summary>
    public string Reference(char prefix, string fqn) =>
        _references.GetOrAdd((prefix, fqn), static key => key.Fqn.Contains(' ') ? $"{key.Prefix}#'{key.Fqn}'" : $"{key.Prefix}#{key.Fqn}");
}
