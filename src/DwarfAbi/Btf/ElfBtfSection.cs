using DwarfAbi.IO;
using System.Buffers.Binary;
using System.Text;

namespace DwarfAbi.Btf;

/// <summary>
/// Writes a copy of an ELF file that carries BTF in a <c>.BTF</c> section: the BTF, a section
/// name table and the section header table are appended, and the ELF header points to the new
/// table. An existing <c>.BTF</c> section is redirected to the new bytes. The input is not changed.
/// </summary>
public static class ElfBtfSection
{
    private const uint ShtProgbits = 1;
    private static ReadOnlySpan<byte> ElfMagic => [0x7f, (byte)'E', (byte)'L', (byte)'F'];


    public static void WriteCopy(string input, string output, byte[] btf)
    {
        byte[] elf;
        try
        {
            elf = File.ReadAllBytes(input);
        }
        catch (IOException e)
        {
            throw new DwarfAbiException($"cannot read: {e.Message}", null, input, e);
        }
        try
        {
            AtomicFile.Write(output, WithSection(elf, btf));
        }
        catch (DwarfAbiException e)
        {
            throw e.WithFile(input);
        }
    }

    public static byte[] WithSection(byte[] elf, byte[] btf)
    {
        if (elf.Length < 52 || !elf.AsSpan(0, 4).SequenceEqual(ElfMagic))
            throw new DwarfAbiException("not an ELF file", 0);
        var layout = new Layout(elf[4] == 2, elf[5] == 2);
        ulong shoff = layout.Addr(elf, layout.Is64 ? 0x28 : 0x20);
        int shentsize = layout.U16(elf, layout.Is64 ? 0x3a : 0x2e);
        int shnum = layout.U16(elf, layout.Is64 ? 0x3c : 0x30);
        int shstrndx = layout.U16(elf, layout.Is64 ? 0x3e : 0x32);
        if (shnum == 0 || shstrndx >= shnum || shentsize != layout.HeaderSize || shoff + (ulong)(shnum * shentsize) > (ulong)elf.Length)
            throw new DwarfAbiException("ELF section header table is missing, uses extended numbering, or is out of bounds", layout.Is64 ? 0x28 : 0x20);
        var headers = new List<byte[]>();
        for (int i = 0; i < shnum; i++)
            headers.Add(elf.AsSpan((int)shoff + i * shentsize, shentsize).ToArray());
        var strtab = headers[shstrndx];
        var names = elf.AsSpan((int)layout.Addr(strtab, layout.Is64 ? 24 : 16), (int)layout.Addr(strtab, layout.Is64 ? 32 : 20)).ToArray();
        int existing = headers.FindIndex(h => NameAt(names, layout.U32(h, 0)) == ".BTF");

        var output = new MemoryStream();
        output.Write(elf);
        Align(output, 4);
        ulong btfOffset = (ulong)output.Position;
        output.Write(btf);
        if (existing < 0)
        {
            ulong namesOffset = (ulong)output.Position;
            output.Write(names);
            output.Write(".BTF\0"u8);
            layout.SetAddr(strtab, layout.Is64 ? 24 : 16, namesOffset);
            layout.SetAddr(strtab, layout.Is64 ? 32 : 20, (ulong)names.Length + 5);
            var h = new byte[layout.HeaderSize];
            layout.SetU32(h, 0, (uint)names.Length);
            layout.SetU32(h, 4, ShtProgbits);
            layout.SetAddr(h, layout.Is64 ? 48 : 32, 4);
            headers.Add(h);
            existing = headers.Count - 1;
        }
        layout.SetAddr(headers[existing], layout.Is64 ? 24 : 16, btfOffset);
        layout.SetAddr(headers[existing], layout.Is64 ? 32 : 20, (ulong)btf.Length);
        Align(output, 8);
        ulong newShoff = (ulong)output.Position;
        foreach (var h in headers)
            output.Write(h);
        var result = output.ToArray();
        layout.SetAddr(result, layout.Is64 ? 0x28 : 0x20, newShoff);
        layout.SetU16(result, layout.Is64 ? 0x3c : 0x30, (ushort)headers.Count);
        return result;
    }

    private static string NameAt(ReadOnlySpan<byte> names, uint offset)
    {
        if (offset >= names.Length)
            return "";
        var rest = names[(int)offset..];
        int nul = rest.IndexOf((byte)0);
        return Encoding.UTF8.GetString(nul < 0 ? rest : rest[..nul]);
    }

    private static void Align(MemoryStream s, int alignment)
    {
        while (s.Position % alignment != 0)
            s.WriteByte(0);
    }

    /// <summary>Field access for the file's class and byte order.</summary>
    private readonly record struct Layout(bool Is64, bool BigEndian)
    {
        public int HeaderSize => Is64 ? 64 : 40;

        public ushort U16(byte[] b, int at) => BigEndian ? BinaryPrimitives.ReadUInt16BigEndian(b.AsSpan(at)) : BinaryPrimitives.ReadUInt16LittleEndian(b.AsSpan(at));
        public uint U32(byte[] b, int at) => BigEndian ? BinaryPrimitives.ReadUInt32BigEndian(b.AsSpan(at)) : BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(at));

        public ulong Addr(byte[] b, int at) => !Is64 ? U32(b, at)
            : BigEndian ? BinaryPrimitives.ReadUInt64BigEndian(b.AsSpan(at)) : BinaryPrimitives.ReadUInt64LittleEndian(b.AsSpan(at));

        public void SetU16(byte[] b, int at, ushort v)
        {
            if (BigEndian)
                BinaryPrimitives.WriteUInt16BigEndian(b.AsSpan(at), v);
            else
                BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(at), v);
        }

        public void SetU32(byte[] b, int at, uint v)
        {
            if (BigEndian)
                BinaryPrimitives.WriteUInt32BigEndian(b.AsSpan(at), v);
            else
                BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(at), v);
        }

        public void SetAddr(byte[] b, int at, ulong v)
        {
            if (!Is64)
                SetU32(b, at, (uint)v);
            else if (BigEndian)
                BinaryPrimitives.WriteUInt64BigEndian(b.AsSpan(at), v);
            else
                BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan(at), v);
        }
    }
}
