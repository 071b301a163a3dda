using System.Collections.Concurrent;
using DwarfAbi.IO;

namespace DwarfAbi.Elf;

/// <summary>
/// An ELF32 or ELF64 object of either byte order, memory-mapped. Section bytes are slices of the
/// mapping; only sections that must be decompressed or relocated are copied, once, on first use.
/// </summary>
public sealed class ElfFile : IDisposable
{
    private readonly MappedFile _file;
    private readonly Section[] _sections;
    private readonly Dictionary<string, Section> _byName = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<int, Lazy<ReadOnlyMemory<byte>>> _loaded = new();
    private SymbolTable? _symbols;

    public string Path { get; }
    public bool Is64 { get; }
    public bool BigEndian { get; }
    public ushort Type { get; }
    public ushort Machine { get; }
    public IReadOnlyList<Section> Sections => _sections;
    public bool IsRelocatable => Type == ElfType.Relocatable;
    public int AddressSize => Is64 ? 8 : 4;
    public ReadOnlyMemory<byte> Bytes => _file.Memory;

    /// <summary>Whether a file starts with the ELF magic; the cheap test for telling objects from other inputs.</summary>
    public static bool IsElf(string path)
    {
        using var stream = File.OpenRead(path);
        Span<byte> head = stackalloc byte[4];
        return stream.ReadAtLeast(head, 4, throwOnEndOfStream: false) == 4 && head.SequenceEqual((ReadOnlySpan<byte>)[0x7f, (byte)'E', (byte)'L', (byte)'F']);
    }

    private ElfFile(string path, MappedFile file)
    {
        Path = path;
        _file = file;
        var data = file.Span;
        if (data.Length < 16 || data[0] != 0x7f || data[1] != (byte)'E' || data[2] != (byte)'L' || data[3] != (byte)'F')
            throw new DwarfAbiException("not an ELF file (bad magic)", 0);
        Is64 = data[4] switch
        {
            1 => false,
            2 => true,
            _ => throw new DwarfAbiException($"unknown ELF class {data[4]}", 4),
        };
        BigEndian = data[5] switch
        {
            1 => false,
            2 => true,
            _ => throw new DwarfAbiException($"unknown ELF data encoding {data[5]}", 5),
        };
        var r = new SpanReader(data, BigEndian, 16);
        Type = r.U16();
        Machine = r.U16();
        r.U32(); // e_version
        r.UInt(AddressSize); // e_entry
        r.UInt(AddressSize); // e_phoff
        ulong shoff = r.UInt(AddressSize);
        r.U32(); // e_flags
        r.U16(); // e_ehsize
        r.U16(); // e_phentsize
        r.U16(); // e_phnum
        int shentsize = r.U16();
        ulong shnum = r.U16();
        uint shstrndx = r.U16();
        _sections = ReadSectionHeaders(data, shoff, shentsize, shnum, shstrndx);
        foreach (var s in _sections)
            _byName.TryAdd(s.Name, s);
    }

    public static ElfFile Open(string path)
    {
        var file = MappedFile.Open(path);
        try
        {
            return new ElfFile(path, file);
        }
        catch (DwarfAbiException e)
        {
            ((IDisposable)file).Dispose();
            throw e.WithFile(path);
        }
    }

    private Section[] ReadSectionHeaders(ReadOnlySpan<byte> data, ulong shoff, int shentsize, ulong shnum, uint shstrndx)
    {
        if (shoff == 0)
            return [];
        int expected = Is64 ? 64 : 40;
        if (shentsize != expected)
            throw new DwarfAbiException($"section header size {shentsize}, expected {expected}", Is64 ? 0x3a : 0x2e);
        if (shoff > (ulong)data.Length)
            throw new DwarfAbiException("section header table lies outside the file", (long)shoff);
        var first = ReadHeader(data, shoff, 0, out _);
        if (shnum == 0)
            shnum = first.Size; // more than 0xff00 sections: the count is in section 0
        if (shstrndx == SectionIndex.XIndex)
            shstrndx = first.Link;
        if (shnum > ((ulong)data.Length - shoff) / (ulong)shentsize)
            throw new DwarfAbiException($"section header table of {shnum} entries runs past the end of the file", (long)shoff);

        var raw = new Section[shnum];
        var nameOffsets = new uint[shnum];
        for (int i = 0; i < (int)shnum; i++)
            raw[i] = ReadHeader(data, shoff, i, out nameOffsets[i]);
        if (shstrndx >= shnum)
            return raw;
        var names = RawSpan(data, raw[shstrndx]);
        for (int i = 0; i < raw.Length; i++)
            raw[i] = raw[i] with { Name = SpanReader.StringAt(names, nameOffsets[i]) };
        return raw;
    }

    private Section ReadHeader(ReadOnlySpan<byte> data, ulong shoff, int index, out uint nameOffset)
    {
        var r = new SpanReader(data, BigEndian, checked((int)(shoff + (ulong)index * (ulong)(Is64 ? 64 : 40))));
        nameOffset = r.U32(); // resolved once the string table is known
        uint type = r.U32();
        ulong flags = r.UInt(AddressSize);
        ulong addr = r.UInt(AddressSize);
        ulong offset = r.UInt(AddressSize);
        ulong size = r.UInt(AddressSize);
        uint link = r.U32();
        uint info = r.U32();
        ulong align = r.UInt(AddressSize);
        ulong entsize = r.UInt(AddressSize);
        return new Section(index, "", type, flags, addr, offset, size, link, info, align, entsize);
    }

    private static ReadOnlySpan<byte> RawSpan(ReadOnlySpan<byte> data, Section s)
    {
        if (s.Type == SectionType.NoBits || s.Size == 0)
            return default;
        if (s.Offset > (ulong)data.Length || s.Size > (ulong)data.Length - s.Offset)
            throw new DwarfAbiException($"section {DisplayName(s)} lies outside the file (offset 0x{s.Offset:x}, size 0x{s.Size:x})", (long)Math.Min(s.Offset, long.MaxValue));
        return data.Slice((int)s.Offset, (int)s.Size);
    }

    internal static string DisplayName(Section s) => s.Name.Length > 0 ? s.Name : $"[{s.Index}]";

    public Section? FindSection(string name) => _byName.GetValueOrDefault(name);

    public Section SectionAt(int index) =>
        (uint)index < (uint)_sections.Length ? _sections[index] : throw new DwarfAbiException($"no section with index {index}");

    /// <summary>The section's bytes as stored in the file, compressed or not.</summary>
    public ReadOnlyMemory<byte> RawData(Section s)
    {
        var span = RawSpan(_file.Span, s); // validates the bounds
        return span.IsEmpty ? ReadOnlyMemory<byte>.Empty : _file.Memory.Slice((int)s.Offset, (int)s.Size);
    }

    /// <summary>
    /// The section's contents as a reader needs them: decompressed, and, in a relocatable
    /// object, with its relocations applied. Computed once per section, thread-safe.
    /// </summary>
    public ReadOnlyMemory<byte> Data(Section s)
    {
        var lazy = _loaded.GetOrAdd(s.Index, _ => new Lazy<ReadOnlyMemory<byte>>(() => Load(s)));
        return lazy.Value;
    }

    private ReadOnlyMemory<byte> Load(Section s)
    {
        var data = SectionDecompressor.Decompress(this, s, out bool copied);
        if (!IsRelocatable)
            return data;
        var relocations = _sections.Where(r => r.IsRelocationTable && r.Info == (uint)s.Index && r.Size > 0).ToArray();
        if (relocations.Length == 0)
            return data;
        byte[] buffer;
        if (copied && System.Runtime.InteropServices.MemoryMarshal.TryGetMemoryManager(data, out PinnedArray? owned))
        {
            buffer = owned.Array;
        }
        else
        {
            var copy = PinnedArray.Allocate(data.Length);
            data.Span.CopyTo(copy.Array);
            buffer = copy.Array;
            data = copy.Memory;
        }
        foreach (var table in relocations)
            Relocator.Apply(this, table, s, buffer);
        return data;
    }

    public SymbolTable Symbols => _symbols ??= SymbolTable.Load(this);

    public void Dispose() => ((IDisposable)_file).Dispose();
}
