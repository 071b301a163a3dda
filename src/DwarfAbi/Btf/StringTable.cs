using System.Runtime.InteropServices;
using System.Text;

namespace DwarfAbi.Btf;

/// <summary>
/// A BTF string section: NUL-terminated strings, each stored once, with offsets that continue
/// after a base table for split BTF.
/// </summary>
public sealed class StringTable
{
    private readonly List<byte> _bytes = [];
    private readonly Dictionary<string, uint> _offsets = new(StringComparer.Ordinal);
    private readonly StringTable? _base;

    /// <summary>A table for base BTF (starts with the empty string) or for split BTF on top of <paramref name="baseTable"/>.</summary>
    public StringTable(StringTable? baseTable = null)
    {
        _base = baseTable;
        if (baseTable is null)
        {
            _bytes.Add(0);
            _offsets[""] = 0;
        }
    }

    /// <summary>Offset of this table's first byte in the combined base+split numbering.</summary>
    public uint Start => _base is null ? 0 : _base.End;
    public uint End => Start + (uint)_bytes.Count;
    public int Length => _bytes.Count;

    /// <summary>Wraps bytes read from a file, keeping their exact layout.</summary>
    public static StringTable FromBytes(ReadOnlySpan<byte> bytes, StringTable? baseTable)
    {
        var t = new StringTable(baseTable);
        t._bytes.Clear();
        t._offsets.Clear();
        t._bytes.AddRange(bytes.ToArray());
        int pos = 0;
        while (pos < bytes.Length)
        {
            int nul = bytes[pos..].IndexOf((byte)0);
            int len = nul < 0 ? bytes.Length - pos : nul;
            t._offsets.TryAdd(Encoding.UTF8.GetString(bytes.Slice(pos, len)), t.Start + (uint)pos);
            pos += len + 1;
        }
        return t;
    }

    /// <summary>Offset of the string, adding it when neither this table nor the base has it.</summary>
    public uint Add(string s)
    {
        if (_base?.Find(s) is { } inBase)
            return inBase;
        // One lookup for both the question and the insertion: encoders add every name of every unit.
        ref uint slot = ref CollectionsMarshal.GetValueRefOrAddDefault(_offsets, s, out bool exists);
        if (exists)
            return slot;
        slot = End;
        int at = _bytes.Count;
        int length = Encoding.UTF8.GetByteCount(s);
        CollectionsMarshal.SetCount(_bytes, at + length + 1);
        var bytes = CollectionsMarshal.AsSpan(_bytes);
        Encoding.UTF8.GetBytes(s, bytes[at..]);
        bytes[at + length] = 0;
        return slot;
    }

    public uint? Find(string s)
    {
        if (_base?.Find(s) is { } b)
            return b;
        return _offsets.TryGetValue(s, out uint off) ? off : null;
    }

    public bool Contains(uint offset) => offset < End;

    /// <summary>The string at a combined offset.</summary>
    public string Get(uint offset)
    {
        if (offset < Start)
            return _base!.Get(offset);
        int pos = (int)(offset - Start);
        if (pos >= _bytes.Count)
            throw new DwarfAbiException($"BTF string offset {offset} is past the end of the string section ({End})");
        var rest = CollectionsMarshal.AsSpan(_bytes)[pos..];
        int nul = rest.IndexOf((byte)0);
        return Encoding.UTF8.GetString(nul < 0 ? rest : rest[..nul]);
    }

    public ReadOnlySpan<byte> Bytes => CollectionsMarshal.AsSpan(_bytes);
}
