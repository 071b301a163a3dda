using DwarfAbi.Elf;

namespace DwarfAbi.Modversions;

/// <summary>Which version tables list an imported symbol.</summary>
[Flags]
public enum VersionSources
{
    None = 0,
    Versions = 1,
    Extended = 2,
}

/// <summary>An imported (CRC, name) pair and the tables it was found in.</summary>
public readonly record struct ImportedVersion(ulong Crc, string Name, VersionSources Sources);

/// <summary>Both version tables of one module, each null when the module lacks it.</summary>
public sealed record ModuleVersions(IReadOnlyList<VersionEntry>? Versions, IReadOnlyList<VersionEntry>? Extended)
{
    public bool HasAny => Versions is not null || Extended is not null;

    public static ModuleVersions Read(ElfFile elf) =>
        new(VersionsTableReader.Read(elf), ExtendedVersionsReader.Read(elf));

    /// <summary>
    /// Every pair once. modpost writes the legacy table as the extended list minus long names, so
    /// walking the extended list and matching legacy records in order pairs them up; records
    /// the walk does not reach stay legacy-only, in their own order.
    /// </summary>
    public IReadOnlyList<ImportedVersion> Merged()
    {
        var legacy = Versions ?? [];
        var result = new List<ImportedVersion>(Math.Max(legacy.Count, Extended?.Count ?? 0));
        int next = 0;
        foreach (var e in Extended ?? [])
        {
            int match = -1;
            for (int j = next; j < legacy.Count; j++)
            {
                if (legacy[j].Name == e.Name && legacy[j].Crc == e.Crc)
                {
                    match = j;
                    break;
                }
            }
            if (match < 0)
            {
                result.Add(new(e.Crc, e.Name, VersionSources.Extended));
                continue;
            }
            for (; next < match; next++)
                result.Add(new(legacy[next].Crc, legacy[next].Name, VersionSources.Versions));
            result.Add(new(e.Crc, e.Name, VersionSources.Versions | VersionSources.Extended));
            next = match + 1;
        }
        for (; next < legacy.Count; next++)
            result.Add(new(legacy[next].Crc, legacy[next].Name, VersionSources.Versions));
        return result;
    }
}
