using DwarfAbi.Elf;
using DwarfAbi.IO;

namespace DwarfAbi.Modversions;

/// <summary>
/// Reads the extended tables: <c>__version_ext_crcs</c> (target-endian u32s) and the parallel
/// NUL-separated <c>__version_ext_names</c>. The rules are the module loader's: both sections or
/// neither, and at least as many terminated names as CRCs. Names past the count are ignored,
/// as the kernel does (modpost's own output always ends with one spare NUL).
/// </summary>
public static class ExtendedVersionsReader
{
    /// <summary>The pairs in table order, or null when the object has neither section.</summary>
    public static IReadOnlyList<VersionEntry>? Read(ElfFile elf)
    {
        var crcs = elf.FindSection(VersionTableNames.ExtCrcs);
        var names = elf.FindSection(VersionTableNames.ExtNames);
        if (crcs is null && names is null)
            return null;
        if (crcs is null || names is null)
        {
            var present = crcs ?? names!;
            string missing = crcs is null ? VersionTableNames.ExtCrcs : VersionTableNames.ExtNames;
            throw VersionsTableReader.Malformed(present, $"present without {missing} (extended version crc+name presence does not match)");
        }

        var crcData = elf.RawData(crcs).Span;
        if (crcData.Length % 4 != 0)
            throw VersionsTableReader.Malformed(crcs, $"size {crcData.Length} is not a multiple of the 4-byte CRC");
        var nameData = elf.RawData(names).Span;
        var entries = new VersionEntry[crcData.Length / 4];
        var crcReader = new SpanReader(crcData, elf.BigEndian);
        int position = 0;
        for (int i = 0; i < entries.Length; i++)
        {
            int nul = position < nameData.Length ? nameData[position..].IndexOf((byte)0) : -1;
            if (nul < 0)
            {
                string problem = position >= nameData.Length
                    ? $"holds {i} names for {entries.Length} CRCs in {VersionTableNames.ExtCrcs} (more extended version crcs than names)"
                    : $"name {i} has no terminating NUL";
                throw VersionsTableReader.Malformed(names, problem, position);
            }
            entries[i] = new VersionEntry(crcReader.U32(), SpanReader.Utf8(nameData.Slice(position, nul)));
            position += nul + 1;
        }
        return entries;
    }
}
