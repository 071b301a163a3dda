using System.Buffers.Binary;
using System.Text;

namespace DwarfAbi.Elf;

/// <summary>A section to write: always <c>SHT_PROGBITS</c>.</summary>
public sealed record OutputSection(string Name, ulong Flags, ulong Alignment, byte[] Data);

/// <summary>
/// Writes a small relocatable object (ET_REL) holding data sections, for any class and byte
/// order: header, section contents, a symbol table with one section symbol per section (so
/// that linkers and objcopy treat it like compiler output), and the section headers.
/// </summary>
public static class ElfObjectWriter
{
    public static byte[] Write(ElfTarget target, IReadOnlyList<OutputSection> sections)
    {
        var w = new Writer(target);
        int ehSize = target.Is64 ? 64 : 52;
        int shEntSize = target.Is64 ? 64 : 40;
        int symEntSize = target.Is64 ? 24 : 16;
        w.Skip(ehSize);

        var shstrtab = new StringTable();
        var headers = new List<Header> { new(0, SectionType.Null, 0, 0, 0, 0, 0, 0, 0, 0) };
        foreach (var s in sections)
        {
            w.Align((int)Math.Max(1, s.Alignment));
            headers.Add(new(shstrtab.Add(s.Name), SectionType.ProgBits, s.Flags, (ulong)w.Length, (ulong)s.Data.Length, 0, 0, s.Alignment, 0, 0));
            w.Bytes(s.Data);
        }

        int symtabIndex = headers.Count;
        w.Align(target.LongSize);
        ulong symOffset = (ulong)w.Length;
        w.Skip(symEntSize); // the null symbol
        for (int i = 1; i <= sections.Count; i++)
            w.Symbol(name: 0, value: 0, size: 0, info: SymbolKind.Section, section: (ushort)i);
        int symbolCount = sections.Count + 1;
        headers.Add(new(shstrtab.Add(".symtab"), SectionType.SymTab, 0, symOffset, (ulong)(symbolCount * symEntSize), (uint)symtabIndex + 1, (uint)symbolCount, (ulong)target.LongSize, (ulong)symEntSize, 0));

        ulong strOffset = (ulong)w.Length;
        w.Bytes([0]);
        headers.Add(new(shstrtab.Add(".strtab"), SectionType.StrTab, 0, strOffset, 1, 0, 0, 1, 0, 0));

        uint shstrtabName = shstrtab.Add(".shstrtab");
        ulong shstrOffset = (ulong)w.Length;
        byte[] names = shstrtab.ToArray();
        w.Bytes(names);
        headers.Add(new(shstrtabName, SectionType.StrTab, 0, shstrOffset, (ulong)names.Length, 0, 0, 1, 0, 0));

        w.Align(target.LongSize);
        ulong shOffset = (ulong)w.Length;
        foreach (var h in headers)
            w.SectionHeader(h);

        w.FileHeader(shOffset, ehSize, shEntSize, (ushort)headers.Count, (ushort)(headers.Count - 1));
        return w.ToArray();
    }

    private sealed record Header(uint Name, uint Type, ulong Flags, ulong Offset, ulong Size, uint Link, uint Info, ulong Align, ulong EntSize, ulong Address);

    private sealed class StringTable
    {
        private readonly MemoryStream _data = new();

        public StringTable() => _data.WriteByte(0);

        public uint Add(string s)
        {
            uint offset = (uint)_data.Position;
            _data.Write(Encoding.UTF8.GetBytes(s));
            _data.WriteByte(0);
            return offset;
        }

        public byte[] ToArray() => _data.ToArray();
    }

    /// <summary>A growing buffer that writes integers in the target's byte order.</summary>
    private sealed class Writer(ElfTarget target)
    {
        private readonly List<byte> _bytes = [];

        public int Length => _bytes.Count;

        public void Skip(int n) => _bytes.AddRange(new byte[n]);

        public void Align(int alignment)
        {
            while (_bytes.Count % alignment != 0)
                _bytes.Add(0);
        }

        public void Bytes(byte[] data) => _bytes.AddRange(data);

        private void U8(byte v) => _bytes.Add(v);

        private void U16(ushort v)
        {
            Span<byte> b = stackalloc byte[2];
            if (target.BigEndian) BinaryPrimitives.WriteUInt16BigEndian(b, v); else BinaryPrimitives.WriteUInt16LittleEndian(b, v);
            _bytes.AddRange(b);
        }

        private void U32(uint v)
        {
            Span<byte> b = stackalloc byte[4];
            if (target.BigEndian) BinaryPrimitives.WriteUInt32BigEndian(b, v); else BinaryPrimitives.WriteUInt32LittleEndian(b, v);
            _bytes.AddRange(b);
        }

        private void Word(ulong v)
        {
            if (!target.Is64)
            {
                U32((uint)v);
                return;
            }
            Span<byte> b = stackalloc byte[8];
            if (target.BigEndian) BinaryPrimitives.WriteUInt64BigEndian(b, v); else BinaryPrimitives.WriteUInt64LittleEndian(b, v);
            _bytes.AddRange(b);
        }

        public void Symbol(uint name, ulong value, ulong size, byte info, ushort section)
        {
            U32(name);
            if (target.Is64)
            {
                U8(info);
                U8(0);
                U16(section);
                Word(value);
                Word(size);
                return;
            }
            Word(value);
            Word(size);
            U8(info);
            U8(0);
            U16(section);
        }

        public void SectionHeader(Header h)
        {
            U32(h.Name);
            U32(h.Type);
            Word(h.Flags);
            Word(h.Address);
            Word(h.Offset);
            Word(h.Size);
            U32(h.Link);
            U32(h.Info);
            Word(h.Align);
            Word(h.EntSize);
        }

        /// <summary>Fills in the ELF header at the start, once the section headers' place is known.</summary>
        public void FileHeader(ulong shOffset, int ehSize, int shEntSize, ushort shNum, ushort shStrIndex)
        {
            var tail = _bytes.GetRange(ehSize, _bytes.Count - ehSize);
            _bytes.Clear();
            _bytes.AddRange([0x7f, (byte)'E', (byte)'L', (byte)'F', (byte)(target.Is64 ? 2 : 1), (byte)(target.BigEndian ? 2 : 1), 1, target.OsAbi]);
            Skip(8);
            U16(ElfType.Relocatable);
            U16(target.Machine);
            U32(1); // EV_CURRENT
            Word(0); // entry
            Word(0); // program headers
            Word(shOffset);
            U32(target.Flags);
            U16((ushort)ehSize);
            U16(0);
            U16(0);
            U16((ushort)shEntSize);
            U16(shNum);
            U16(shStrIndex);
            _bytes.AddRange(tail);
        }

        public byte[] ToArray() => [.. _bytes];
    }
}
