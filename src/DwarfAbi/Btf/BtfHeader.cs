using System.Buffers.Binary;

namespace DwarfAbi.Btf;

/// <summary>The BTF header; offsets are from the end of the header.</summary>
public readonly record struct BtfHeader(ushort Magic, byte Version, byte Flags, uint HeaderLength,
    uint TypeOffset, uint TypeLength, uint StringOffset, uint StringLength, bool BigEndian)
{
    /// <summary>Reads the header, telling the byte order from the magic.</summary>
    public static BtfHeader Parse(ReadOnlySpan<byte> data)
    {
        if (data.Length < BtfConstants.HeaderLength)
            throw new DwarfAbiException($"BTF data is {data.Length} bytes, shorter than its {BtfConstants.HeaderLength}-byte header", 0);
        bool big;
        if (BinaryPrimitives.ReadUInt16LittleEndian(data) == BtfConstants.Magic)
            big = false;
        else if (BinaryPrimitives.ReadUInt16BigEndian(data) == BtfConstants.Magic)
            big = true;
        else
            throw new DwarfAbiException($"not BTF: magic 0x{BinaryPrimitives.ReadUInt16LittleEndian(data):x4} is not 0xeb9f in either byte order", 0);
        return new BtfHeader(BtfConstants.Magic, data[2], data[3], U32(data, 4, big), U32(data, 8, big), U32(data, 12, big),
            U32(data, 16, big), U32(data, 20, big), big);
    }

    public void Write(Span<byte> dest)
    {
        if (BigEndian)
            BinaryPrimitives.WriteUInt16BigEndian(dest, Magic);
        else
            BinaryPrimitives.WriteUInt16LittleEndian(dest, Magic);
        dest[2] = Version;
        dest[3] = Flags;
        Put(dest, 4, HeaderLength);
        Put(dest, 8, TypeOffset);
        Put(dest, 12, TypeLength);
        Put(dest, 16, StringOffset);
        Put(dest, 20, StringLength);
    }

    private void Put(Span<byte> dest, int at, uint v)
    {
        if (BigEndian)
            BinaryPrimitives.WriteUInt32BigEndian(dest[at..], v);
        else
            BinaryPrimitives.WriteUInt32LittleEndian(dest[at..], v);
    }

    private static uint U32(ReadOnlySpan<byte> data, int at, bool big) =>
        big ? BinaryPrimitives.ReadUInt32BigEndian(data[at..]) : BinaryPrimitives.ReadUInt32LittleEndian(data[at..]);
}
