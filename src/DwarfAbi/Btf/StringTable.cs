using System.Buffers;
using System.IO.Hashing;
using System.Text;
using DwarfAbi.IO;

namespace DwarfAbi.Btf;

/// <summary>
/// A BTF string section: NUL-terminated strings, each stored once, with offsets that continue
/// after a base table for split BTF. Strings are looked up by their UTF-8 bytes, so encoders add
/// names straight from DWARF without making a .NET string of each.
/// </summary>
public sealed class StringTable
{
    private byte[] _bytes = new byte[256];
    private int _length;
    // Open addressing: each slot holds a string's position + 1 (0: empty) and its hash.
    private int[] _slots = new int[64];
    private uint[] _hashes = new uint[64];
    private int _entries;
    private readonly StringTable? _base;
    private readonly MemoryBlock _external;

    /// <summary>
    /// Marks offsets that name a string of an outside section (see <see cref="AddExternal"/>)
    /// rather than one of the table's own.
    /// </summary>
    public const uint External = 1u << 31;

    /// <summary>A table for base BTF (starts with the empty string) or for split BTF on top of <paramref name="baseTable"/>.</summary>
    public StringTable(StringTable? baseTable = null)
    {
        _base = baseTable;
        if (baseTable is null)
            Add([]);
    }

    /// <summary>
    /// A table of one unit's strings, which names most strings by their offset in
    /// <paramref name="external"/> (a DWARF file's .debug_str) rather than copying them: a merge
    /// into the final table resolves each such offset once for all units.
    /// </summary>
    internal StringTable(MemoryBlock external)
        : this()
    {
        _external = external;
    }

    /// <summary>Offset of this table's first byte in the combined base+split numbering.</summary>
    public uint Start => _base is null ? 0 : _base.End;
    public uint End => Start + (uint)_length;
    public int Length => _length;

    /// <summary>Wraps bytes read from a file, keeping their exact layout.</summary>
    public static StringTable FromBytes(ReadOnlySpan<byte> bytes, StringTable? baseTable)
    {
        var t = new StringTable(baseTable);
        t.Clear();
        t.Reserve(bytes.Length);
        bytes.CopyTo(t._bytes);
        t._length = bytes.Length;
        int pos = 0;
        while (pos < bytes.Length)
        {
            int nul = bytes[pos..].IndexOf((byte)0);
            int len = nul < 0 ? bytes.Length - pos : nul;
            var s = bytes.Slice(pos, len);
            uint hash = Hash(s);
            int slot = t.FindSlot(s, hash);
            if (t._slots[slot] == 0)
                t.Insert(slot, hash, pos);
            pos += len + 1;
        }
        return t;
    }

    /// <summary>Offset of the string, adding it when neither this table nor the base has it.</summary>
    public uint Add(string s)
    {
        byte[]? rented = null;
        try
        {
            return Add(Utf8(s, ref rented));
        }
        finally
        {
            if (rented is not null)
                ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>Offset of the UTF-8 string (without its NUL), adding it when neither this table nor the base has it.</summary>
    public uint Add(ReadOnlySpan<byte> s)
    {
        uint hash = Hash(s);
        if (_base?.Find(s, hash) is { } inBase)
            return inBase;
        int slot = FindSlot(s, hash);
        if (_slots[slot] != 0)
            return Start + (uint)(_slots[slot] - 1);
        int at = _length;
        Append(s);
        Insert(slot, hash, at);
        return Start + (uint)at;
    }

    public uint? Find(string s)
    {
        byte[]? rented = null;
        try
        {
            var bytes = Utf8(s, ref rented);
            return Find(bytes, Hash(bytes));
        }
        finally
        {
            if (rented is not null)
                ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private uint? Find(ReadOnlySpan<byte> s, uint hash)
    {
        if (_base?.Find(s, hash) is { } b)
            return b;
        int slot = _slots[FindSlot(s, hash)];
        return slot != 0 ? Start + (uint)(slot - 1) : null;
    }

    /// <summary>Size of the outside section whose strings the table names by offset.</summary>
    internal int ExternalLength => _external.Length;

    /// <summary>The offset standing for the string at <paramref name="offset"/> of the outside section; 0 for the empty string.</summary>
    internal uint AddExternal(ulong offset)
    {
        var section = _external.Span;
        if (offset >= (ulong)section.Length || offset >= External)
            throw new DwarfAbiException($"string offset 0x{offset:x} is outside .debug_str ({section.Length} bytes)");
        return section[(int)offset] == 0 ? 0 : External | (uint)offset;
    }

    public bool Contains(uint offset) => offset < End;

    /// <summary>The string at a combined offset.</summary>
    public string Get(uint offset) => Encoding.UTF8.GetString(GetBytes(offset));

    /// <summary>The UTF-8 bytes of the string at a combined offset, without the NUL.</summary>
    public ReadOnlySpan<byte> GetBytes(uint offset)
    {
        if ((offset & External) != 0 && !_external.IsEmpty)
        {
            var outside = _external.Span[(int)(offset & ~External)..];
            int end = outside.IndexOf((byte)0);
            return end >= 0 ? outside[..end] : throw new DwarfAbiException($"string at 0x{offset & ~External:x} of .debug_str has no terminating NUL");
        }
        if (offset < Start)
            return _base!.GetBytes(offset);
        int pos = (int)(offset - Start);
        if (pos >= _length)
            throw new DwarfAbiException($"BTF string offset {offset} is past the end of the string section ({End})");
        var rest = _bytes.AsSpan(pos, _length - pos);
        int nul = rest.IndexOf((byte)0);
        return nul < 0 ? rest : rest[..nul];
    }

    public ReadOnlySpan<byte> Bytes => _bytes.AsSpan(0, _length);

    private static uint Hash(ReadOnlySpan<byte> s) => (uint)XxHash3.HashToUInt64(s);

    private static ReadOnlySpan<byte> Utf8(string s, ref byte[]? rented)
    {
        rented = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(s.Length));
        return rented.AsSpan(0, Encoding.UTF8.GetBytes(s, rented));
    }

    /// <summary>The slot holding <paramref name="s"/>, or the empty slot where it would go.</summary>
    private int FindSlot(ReadOnlySpan<byte> s, uint hash)
    {
        int mask = _slots.Length - 1;
        for (int i = (int)hash & mask; ; i = (i + 1) & mask)
        {
            int slot = _slots[i];
            if (slot == 0 || (_hashes[i] == hash && IsAt(slot - 1, s)))
                return i;
        }
    }

    private bool IsAt(int pos, ReadOnlySpan<byte> s) =>
        pos + s.Length < _length && _bytes[pos + s.Length] == 0 && _bytes.AsSpan(pos, s.Length).SequenceEqual(s);

    private void Insert(int slot, uint hash, int pos)
    {
        _slots[slot] = pos + 1;
        _hashes[slot] = hash;
        if (++_entries * 2 <= _slots.Length)
            return;
        var (slots, hashes) = (_slots, _hashes);
        _slots = new int[2 * slots.Length];
        _hashes = new uint[2 * slots.Length];
        int mask = _slots.Length - 1;
        for (int i = 0; i < slots.Length; i++)
        {
            if (slots[i] == 0)
                continue;
            int j = (int)hashes[i] & mask;
            while (_slots[j] != 0)
                j = (j + 1) & mask;
            _slots[j] = slots[i];
            _hashes[j] = hashes[i];
        }
    }

    private void Append(ReadOnlySpan<byte> s)
    {
        Reserve(_length + s.Length + 1);
        s.CopyTo(_bytes.AsSpan(_length));
        _length += s.Length;
        _bytes[_length++] = 0;
    }

    private void Reserve(int length)
    {
        if (length > _bytes.Length)
            Array.Resize(ref _bytes, Math.Max(length, 2 * _bytes.Length));
    }

    private void Clear()
    {
        _length = 0;
        _entries = 0;
        Array.Clear(_slots);
    }
}
