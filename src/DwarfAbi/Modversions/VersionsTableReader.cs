using DwarfAbi.Elf;
using DwarfAbi.IO;

namespace DwarfAbi.Modversions;

/// <summary>
/// Reads the legacy <c>__versions</c> table: 64-byte records of a target-endian
/// <c>unsigned long</c> CRC followed by a NUL-terminated name, per the object's ELF class.
/// </summary>
public static class VersionsTableReader
{
    /// <summary>The records in table order, or null when the object has no <c>__versions</c>.</summary>
    public static IReadOnlyList<VersionEntry>? Read(ElfFile elf)
    {
        var section = elf.FindSection(VersionTableNames.Versions);
        if (section is null)
            return null;
        var data = elf.RawData(section).Span;
        const int record = VersionTableNames.RecordSize;
        if (data.Length % record != 0)
            throw Malformed(section, $"size {data.Length} is not a multiple of the {record}-byte record");
        int crcSize = elf.AddressSize;
        var entries = new VersionEntry[data.Length / record];
        for (int i = 0; i < entries.Length; i++)
        {
            var r = new SpanReader(data, elf.BigEndian, i * record);
            ulong crc = r.UInt(crcSize);
            var field = data.Slice(i * record + crcSize, record - crcSize);
            int nul = field.IndexOf((byte)0);
            if (nul < 0)
                throw Malformed(section, $"record {i} has a name without a terminating NUL", i * record + crcSize);
            entries[i] = new VersionEntry(crc, SpanReader.Utf8(field[..nul]));
        }
        return entries;
    }

    internal static DwarfAbiException Malformed(Section section, string problem, long offset = 0) =>
        new($"section {section.Name}: {problem}", (long)section.Offset + offset);
}
