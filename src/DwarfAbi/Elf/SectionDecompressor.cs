using System.Buffers.Binary;
using System.IO.Compression;
using DwarfAbi.IO;

namespace DwarfAbi.Elf;

/// <summary>
/// Inflates <c>SHF_COMPRESSED</c> sections (zlib and zstd) and the older GNU <c>.zdebug_*</c>
/// form. Uncompressed sections come back as slices of the mapping.
/// </summary>
internal static class SectionDecompressor
{
    private const uint CompressZlib = 1;
    private const uint CompressZstd = 2;

    // Debug info compresses about 4:1; a header claiming far more is corrupt, and
    // believing it would allocate gigabytes.
    private const long MaxRatio = 1024;

    public static ReadOnlyMemory<byte> Decompress(ElfFile elf, Section s, out bool copied)
    {
        var raw = elf.RawData(s);
        copied = false;
        if (s.IsCompressed)
        {
            copied = true;
            return DecompressElf(elf, s, raw);
        }
        if (s.Name.StartsWith(".zdebug", StringComparison.Ordinal) && raw.Length >= 12 && raw.Span[..4].SequenceEqual("ZLIB"u8))
        {
            copied = true;
            ulong size = BinaryPrimitives.ReadUInt64BigEndian(raw.Span[4..]);
            return Inflate(s, raw[12..], size, CompressZlib, 4);
        }
        return raw;
    }

    private static ReadOnlyMemory<byte> DecompressElf(ElfFile elf, Section s, ReadOnlyMemory<byte> raw)
    {
        var r = new SpanReader(raw.Span, elf.BigEndian);
        uint type = r.U32();
        if (elf.Is64)
            r.U32(); // ch_reserved
        ulong size = r.UInt(elf.AddressSize);
        r.UInt(elf.AddressSize); // ch_addralign
        return Inflate(s, raw[r.Position..], size, type, r.Position);
    }

    private static ReadOnlyMemory<byte> Inflate(Section s, ReadOnlyMemory<byte> compressed, ulong size, uint type, int headerSize)
    {
        string name = ElfFile.DisplayName(s);
        if (size > int.MaxValue || (long)size > Math.Max(1 << 20, compressed.Length * MaxRatio))
            throw new DwarfAbiException($"section {name}: implausible uncompressed size {size}", (long)s.Offset);
        var buffer = PinnedArray.Allocate((int)size);
        var output = buffer.Array;
        int written;
        try
        {
            written = type switch
            {
                CompressZlib => InflateZlib(compressed, output),
                CompressZstd => InflateZstd(compressed, output),
                _ => throw new DwarfAbiException($"section {name}: unknown compression type {type}", (long)s.Offset),
            };
        }
        catch (Exception e) when (e is InvalidDataException or IOException or ZstdSharp.ZstdException or ArgumentException or InvalidOperationException)
        {
            throw new DwarfAbiException($"section {name}: corrupt compressed data: {e.Message}", (long)s.Offset + headerSize);
        }
        if (written != output.Length)
            throw new DwarfAbiException($"section {name}: decompressed to {written} bytes, header says {size}", (long)s.Offset);
        return buffer.Memory;
    }

    private static int InflateZlib(ReadOnlyMemory<byte> compressed, byte[] output)
    {
        using var z = new ZLibStream(new ReadOnlyMemoryStream(compressed), CompressionMode.Decompress);
        int total = 0;
        while (total < output.Length)
        {
            int n = z.Read(output, total, output.Length - total);
            if (n == 0)
                break;
            total += n;
        }
        return total;
    }

    private static int InflateZstd(ReadOnlyMemory<byte> compressed, byte[] output)
    {
        using var d = new ZstdSharp.Decompressor();
        return d.Unwrap(compressed.Span, output);
    }

    /// <summary>A stream over memory without copying it into an array first.</summary>
    private sealed class ReadOnlyMemoryStream(ReadOnlyMemory<byte> memory) : Stream
    {
        private int _position;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => memory.Length;
        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            int n = Math.Min(buffer.Length, memory.Length - _position);
            memory.Span.Slice(_position, n).CopyTo(buffer);
            _position += n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
