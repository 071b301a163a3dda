using System.Text;

namespace DwarfAbi.Modversions;

/// <summary>The entries of each configured table; <see cref="Refused"/> when modpost gave up on the module.</summary>
public sealed record ModuleTables(IReadOnlyList<VersionEntry>? Versions, IReadOnlyList<VersionEntry>? Extended, bool Refused);

/// <summary>
/// Chooses the entries of each table from the resolved imports, in their order. An import whose
/// exporter has no CRC is left out of every table (a warning per table). A name too long for the
/// legacy record is left out of <c>__versions</c> when the extended tables exist, and is an error
/// that stops the module otherwise.
/// </summary>
public static class TableBuilder
{
    public static ModuleTables Build(ModuleObject m, IReadOnlyList<ResolvedImport> imports, ModpostOptions options, List<ModpostMessage> messages)
    {
        int nameField = VersionTableNames.NameFieldSize(m.Target.Is64);
        List<VersionEntry>? versions = null;
        if (options.Basic)
        {
            versions = [];
            foreach (var i in imports)
            {
                if (!HasCrc(m, i, messages))
                    continue;
                if (Encoding.UTF8.GetByteCount(i.Name) >= nameField)
                {
                    if (options.Extended)
                        continue;
                    messages.Add(new(true, $"too long symbol \"{i.Name}\" [{m.Name}.ko]"));
                    return new ModuleTables(null, null, Refused: true);
                }
                versions.Add(new VersionEntry(i.Export.Crc!.Value, i.Name));
            }
        }
        List<VersionEntry>? extended = null;
        if (options.Extended)
            extended = [.. imports.Where(i => HasCrc(m, i, messages)).Select(i => new VersionEntry(i.Export.Crc!.Value, i.Name))];
        return new ModuleTables(versions, extended, Refused: false);
    }

    private static bool HasCrc(ModuleObject m, ResolvedImport i, List<ModpostMessage> messages)
    {
        if (i.Export.Crc is not null)
            return true;
        messages.Add(new(false, $"\"{i.Name}\" [{m.Name}.ko] has no CRC!"));
        return false;
    }
}
