using System.Buffers.Binary;
using DwarfAbi.Elf;

namespace DwarfAbi.Btf;

/// <summary>
/// Parses raw BTF or the <c>.BTF</c> section of an ELF file, in either byte order, checking what
/// a consumer needs (libbpf's checks): header and section bounds, record sizes, and that every
/// string offset and type id is in range.
/// </summary>
public static class BtfReader
{
    private static ReadOnlySpan<byte> ElfMagic => [0x7f, (byte)'E', (byte)'L', (byte)'F'];

    /// <summary>The BTF bytes of a file: the whole file, or its <c>.BTF</c> section when it is ELF.</summary>
    public static byte[] LoadBytes(string path)
    {
        byte[] head = new byte[4];
        try
        {
            using (var f = File.OpenRead(path))
                f.ReadAtLeast(head, 4, throwOnEndOfStream: false);
            if (!head.AsSpan().SequenceEqual(ElfMagic))
                return File.ReadAllBytes(path);
        }
        catch (IOException e)
        {
            throw new DwarfAbiException($"cannot read: {e.Message}", null, path, e);
        }
        using var elf = ElfFile.Open(path);
        var section = elf.FindSection(".BTF") ?? throw new DwarfAbiException("ELF file has no .BTF section", null, path);
        return elf.Data(section).ToArray();
    }

    public static BtfData ReadFile(string path, BtfData? baseBtf = null)
    {
        try
        {
            return Parse(LoadBytes(path), baseBtf);
        }
        catch (DwarfAbiException e)
        {
            throw e.WithFile(path);
        }
    }

    /// <summary>Decodes the records; with <paramref name="checkReferences"/> false, only their layout is checked (for the validator).</summary>
    public static BtfData Parse(ReadOnlySpan<byte> data, BtfData? baseBtf, bool checkReferences = true)
    {
        var h = BtfHeader.Parse(data);
        if (h.HeaderLength < BtfConstants.HeaderLength || h.HeaderLength > data.Length)
            throw new DwarfAbiException($"BTF header length {h.HeaderLength} is invalid for {data.Length} bytes of data", 4);
        long typesStart = h.HeaderLength + (long)h.TypeOffset, stringsStart = h.HeaderLength + (long)h.StringOffset;
        if (typesStart + h.TypeLength > data.Length)
            throw new DwarfAbiException($"BTF type section [{h.TypeOffset}, +{h.TypeLength}) runs past the end of the data", 8);
        if (stringsStart + h.StringLength > data.Length)
            throw new DwarfAbiException($"BTF string section [{h.StringOffset}, +{h.StringLength}) runs past the end of the data", 16);
        if (h.TypeOffset % 4 != 0)
            throw new DwarfAbiException($"BTF type section offset {h.TypeOffset} is not a multiple of 4", 8);
        var strings = data.Slice((int)stringsStart, (int)h.StringLength);
        if (baseBtf is null && (strings.IsEmpty || strings[0] != 0))
            throw new DwarfAbiException("BTF string section does not start with the empty string (split BTF read without its base?)", stringsStart);
        if (!strings.IsEmpty && strings[^1] != 0)
            throw new DwarfAbiException("BTF string section does not end with NUL", stringsStart + strings.Length - 1);

        var btf = new BtfData(baseBtf, h.BigEndian, StringTable.FromBytes(strings, baseBtf?.Strings));
        var types = data.Slice((int)typesStart, (int)h.TypeLength);
        int pos = 0;
        while (pos < types.Length)
        {
            uint id = btf.TypeCount;
            if (types.Length - pos < 12)
                throw new DwarfAbiException($"BTF type [{id}] is cut short: {types.Length - pos} bytes left of a 12-byte record", typesStart + pos);
            uint nameOff = U32(types, pos, h.BigEndian), info = U32(types, pos + 4, h.BigEndian), sizeOrType = U32(types, pos + 8, h.BigEndian);
            var kind = (BtfKind)(info >> 24 & 0x1f);
            int vlen = (int)(info & 0xffff);
            int trailer = BtfKindNames.TrailerSize(kind, vlen);
            if (trailer < 0 || kind == BtfKind.Unknown)
                throw new DwarfAbiException($"BTF type [{id}] has unknown kind {(int)kind}", typesStart + pos + 4);
            if (types.Length - pos - 12 < trailer)
                throw new DwarfAbiException($"BTF type [{id}] {BtfKindNames.Name(kind)} needs {trailer} more bytes than the type section holds", typesStart + pos);
            btf.Add(nameOff, BtfType.MakeInfo(kind, vlen, (info & 1u << 31) != 0), sizeOrType, trailer / 4, out var words);
            for (int i = 0; i < words.Length; i++)
                words[i] = U32(types, pos + 12 + 4 * i, h.BigEndian);
            pos += 12 + trailer;
        }
        if (checkReferences)
            CheckReferences(btf);
        return btf;
    }

    private static void CheckReferences(BtfData btf)
    {
        for (int i = 0; i < btf.Types.Count; i++)
        {
            var t = btf.Types[i];
            uint id = btf.StartId + (uint)i;
            BtfRefs.ForEachString(t, off =>
            {
                if (!btf.Strings.Contains(off))
                    throw new DwarfAbiException($"BTF type [{id}] {BtfKindNames.Name(t.Kind)} has string offset {off} past the strings ({btf.Strings.End})");
            });
            BtfRefs.ForEachType(t, r =>
            {
                if (r >= btf.TypeCount)
                    throw new DwarfAbiException($"BTF type [{id}] {BtfKindNames.Name(t.Kind)} refers to type {r}, past the last type {btf.TypeCount - 1}");
            });
            if (t.Kind == BtfKind.Func && (t.SizeOrType == 0 || btf.Type(t.SizeOrType).Kind != BtfKind.FuncProto))
                throw new DwarfAbiException($"BTF type [{id}] FUNC '{btf.Name(t.NameOff)}' does not point to a FUNC_PROTO");
        }
    }

    private static uint U32(ReadOnlySpan<byte> s, int at, bool big) =>
        big ? BinaryPrimitives.ReadUInt32BigEndian(s[at..]) : BinaryPrimitives.ReadUInt32LittleEndian(s[at..]);
}
