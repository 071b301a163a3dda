using System.Buffers.Binary;
using System.Text;
using DwarfAbi.Elf;

namespace DwarfAbi.Modversions;

/// <summary>
/// The bytes the compiler makes of modpost's tables for a target: 64-byte records with a
/// target-endian <c>unsigned long</c> CRC and a zero-filled name; packed u32 CRCs; and the names,
/// each NUL-terminated, plus the string literal's own final NUL.
/// </summary>
public static class VersionSectionsEncoder
{
    public static byte[] Versions(ElfTarget target, IReadOnlyList<VersionEntry> entries)
    {
        var data = new byte[entries.Count * VersionTableNames.RecordSize];
        for (int i = 0; i < entries.Count; i++)
        {
            var record = data.AsSpan(i * VersionTableNames.RecordSize, VersionTableNames.RecordSize);
            WriteCrc(record, target, entries[i].Crc);
            var nameField = record[target.LongSize..];
            int n = Encoding.UTF8.GetBytes(entries[i].Name, nameField);
            if (n >= nameField.Length)
                throw new DwarfAbiException($"symbol name \"{entries[i].Name}\" does not fit the {nameField.Length}-byte __versions name field");
        }
        return data;
    }

    public static byte[] ExtCrcs(ElfTarget target, IReadOnlyList<VersionEntry> entries)
    {
        var data = new byte[entries.Count * 4];
        for (int i = 0; i < entries.Count; i++)
        {
            var place = data.AsSpan(i * 4, 4);
            if (target.BigEndian) BinaryPrimitives.WriteUInt32BigEndian(place, (uint)entries[i].Crc); else BinaryPrimitives.WriteUInt32LittleEndian(place, (uint)entries[i].Crc);
        }
        return data;
    }

    public static byte[] ExtNames(IReadOnlyList<VersionEntry> entries)
    {
        var data = new MemoryStream();
        foreach (var e in entries)
        {
            data.Write(Encoding.UTF8.GetBytes(e.Name));
            data.WriteByte(0);
        }
        data.WriteByte(0);
        return data.ToArray();
    }

    private static void WriteCrc(Span<byte> place, ElfTarget target, ulong crc)
    {
        if (target.Is64)
        {
            if (target.BigEndian) BinaryPrimitives.WriteUInt64BigEndian(place, crc); else BinaryPrimitives.WriteUInt64LittleEndian(place, crc);
        }
        else if (target.BigEndian) BinaryPrimitives.WriteUInt32BigEndian(place, (uint)crc);
        else BinaryPrimitives.WriteUInt32LittleEndian(place, (uint)crc);
    }

    /// <summary>
    /// The sections of a module's version tables as a relocatable object for its target,
    /// alignment as the C types need it (the compiler may choose more).
    /// </summary>
    public static byte[] Object(ElfTarget target, IReadOnlyList<VersionEntry>? versions, IReadOnlyList<VersionEntry>? extended)
    {
        var sections = new List<OutputSection>();
        if (versions is not null)
            sections.Add(new(VersionTableNames.Versions, SectionFlags.Alloc, (ulong)target.LongSize, Versions(target, versions)));
        if (extended is not null)
        {
            sections.Add(new(VersionTableNames.ExtCrcs, SectionFlags.Alloc, 4, ExtCrcs(target, extended)));
            sections.Add(new(VersionTableNames.ExtNames, SectionFlags.Alloc, 1, ExtNames(extended)));
        }
        // Without this note GNU ld assumes the object needs an executable stack, and warns.
        sections.Add(new(".note.GNU-stack", 0, 1, []));
        return ElfObjectWriter.Write(target, sections);
    }
}
