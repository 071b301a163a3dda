using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace DwarfAbi.IO;

/// <summary>
/// A forward reader over bytes of either byte order. Every read is bounds-checked and throws
/// <see cref="DwarfAbiException"/> with the offset, so corrupt input cannot run past its section.
/// </summary>
public ref struct SpanReader
{
    private readonly ReadOnlySpan<byte> _data;

    public SpanReader(ReadOnlySpan<byte> data, bool bigEndian, int position = 0)
    {
        _data = data;
        BigEndian = bigEndian;
        Position = position;
    }

    public readonly bool BigEndian;
    public int Position;

    public readonly int Length => _data.Length;
    public readonly int Remaining => _data.Length - Position;
    public readonly bool AtEnd => Position >= _data.Length;
    public readonly ReadOnlySpan<byte> Data => _data;

    [MethodImpl(MethodImplOptions.NoInlining)]
    private readonly DwarfAbiException Truncated(int need) =>
        new($"unexpected end of data: need {need} bytes, {Math.Max(0, Remaining)} left", Position);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ReadOnlySpan<byte> Take(int n)
    {
        if ((uint)Position > (uint)_data.Length || n > _data.Length - Position)
            throw Truncated(n);
        var s = _data.Slice(Position, n);
        Position += n;
        return s;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public byte U8()
    {
        if ((uint)Position >= (uint)_data.Length)
            throw Truncated(1);
        return _data[Position++];
    }

    // The fixed-size reads check the bounds once and load unaligned; this is the reader's hot path.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private T Load<T>()
        where T : unmanaged
    {
        int size = Unsafe.SizeOf<T>();
        int p = Position;
        if ((ulong)(uint)p + (ulong)size > (ulong)(uint)_data.Length)
            throw Truncated(size);
        Position = p + size;
        return Unsafe.ReadUnaligned<T>(ref Unsafe.Add(ref MemoryMarshal.GetReference(_data), p));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ushort U16()
    {
        ushort v = Load<ushort>();
        return BigEndian == BitConverter.IsLittleEndian ? BinaryPrimitives.ReverseEndianness(v) : v;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public uint U32()
    {
        uint v = Load<uint>();
        return BigEndian == BitConverter.IsLittleEndian ? BinaryPrimitives.ReverseEndianness(v) : v;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong U64()
    {
        ulong v = Load<ulong>();
        return BigEndian == BitConverter.IsLittleEndian ? BinaryPrimitives.ReverseEndianness(v) : v;
    }

    /// <summary>An unsigned integer of 1, 2, 3, 4 or 8 bytes.</summary>
    public ulong UInt(int size) => size switch
    {
        1 => U8(),
        2 => U16(),
        3 => U24(),
        4 => U32(),
        8 => U64(),
        _ => throw new DwarfAbiException($"unsupported integer size {size}", Position),
    };

    public uint U24()
    {
        var s = Take(3);
        return BigEndian ? (uint)(s[0] << 16 | s[1] << 8 | s[2]) : (uint)(s[2] << 16 | s[1] << 8 | s[0]);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong Uleb()
    {
        // Fast path: most LEB128 values in DWARF fit in one byte.
        if ((uint)Position < (uint)_data.Length && _data[Position] < 0x80)
            return _data[Position++];
        return UlebSlow();
    }

    private ulong UlebSlow()
    {
        ulong result = 0;
        int shift = 0;
        while (true)
        {
            byte b = U8();
            if (shift < 64)
                result |= (ulong)(b & 0x7f) << shift;
            shift += 7;
            if (b < 0x80)
                return result;
        }
    }

    public long Sleb()
    {
        long result = 0;
        int shift = 0;
        byte b;
        do
        {
            b = U8();
            if (shift < 64)
                result |= (long)(b & 0x7f) << shift;
            shift += 7;
        }
        while (b >= 0x80);
        if (shift < 64 && (b & 0x40) != 0)
            result |= -1L << shift;
        return result;
    }

    public void Skip(long n)
    {
        if (n < 0 || n > Remaining)
            throw Truncated(n > int.MaxValue ? int.MaxValue : (int)n);
        Position += (int)n;
    }

    public ReadOnlySpan<byte> Bytes(long n)
    {
        if (n < 0 || n > Remaining)
            throw Truncated(n > int.MaxValue ? int.MaxValue : (int)n);
        return Take((int)n);
    }

    /// <summary>Skips a NUL-terminated string and returns its bytes without the NUL.</summary>
    public ReadOnlySpan<byte> CString()
    {
        var rest = _data.Slice(Math.Min(Position, _data.Length));
        int n = rest.IndexOf((byte)0);
        if (n < 0)
            throw new DwarfAbiException("string without a terminating NUL", Position);
        Position += n + 1;
        return rest[..n];
    }

    public static string Utf8(ReadOnlySpan<byte> s) => Encoding.UTF8.GetString(s);

    /// <summary>The NUL-terminated string at an offset of a string table; "" when out of range.</summary>
    public static string StringAt(ReadOnlySpan<byte> table, ulong offset)
    {
        if (offset >= (ulong)table.Length)
            return "";
        var rest = table[(int)offset..];
        int n = rest.IndexOf((byte)0);
        return Utf8(n < 0 ? rest : rest[..n]);
    }
}
