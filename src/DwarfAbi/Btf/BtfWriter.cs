using System.Buffers.Binary;

namespace DwarfAbi.Btf;

/// <summary>Raw BTF bytes: a 24-byte header, the type records, then the strings, in the object's byte order.</summary>
public static class BtfWriter
{
    public static byte[] Write(BtfData btf)
    {
        int typeLen = 0;
        foreach (var t in btf.Types)
            typeLen += t.ByteSize;
        var strings = btf.Strings.Bytes;
        var bytes = new byte[BtfConstants.HeaderLength + typeLen + strings.Length];
        new BtfHeader(BtfConstants.Magic, 1, 0, BtfConstants.HeaderLength, 0, (uint)typeLen, (uint)typeLen, (uint)strings.Length, btf.BigEndian)
            .Write(bytes);
        var span = bytes.AsSpan(BtfConstants.HeaderLength);
        int pos = 0;
        foreach (var t in btf.Types)
        {
            Put(span, ref pos, t.NameOff, btf.BigEndian);
            Put(span, ref pos, t.Info, btf.BigEndian);
            Put(span, ref pos, t.SizeOrType, btf.BigEndian);
            foreach (uint w in t.Data)
                Put(span, ref pos, w, btf.BigEndian);
        }
        strings.CopyTo(span[typeLen..]);
        return bytes;
    }

    private static void Put(Span<byte> span, ref int pos, uint value, bool big)
    {
        if (big)
            BinaryPrimitives.WriteUInt32BigEndian(span[pos..], value);
        else
            BinaryPrimitives.WriteUInt32LittleEndian(span[pos..], value);
        pos += 4;
    }
}
