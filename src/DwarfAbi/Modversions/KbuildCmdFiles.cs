namespace DwarfAbi.Modversions;

/// <summary>
/// Finds the CRCs of a module's own exports where kbuild leaves them: the module's
/// <c>P.mod</c> lists its objects, and each object <c>D/B.o</c> has <c>#SYMVER</c> lines
/// appended to <c>D/.B.o.cmd</c>. Without a <c>.mod</c> file the object itself is the only one.
/// </summary>
public static class KbuildCmdFiles
{
    public static Dictionary<string, uint> ReadCrcs(string buildDirectory, string objectPath)
    {
        string stem = objectPath.EndsWith(".o", StringComparison.Ordinal) ? objectPath[..^2] : objectPath;
        string modFile = stem + ".mod";
        IEnumerable<string> objects = File.Exists(modFile)
            ? File.ReadAllLines(modFile).Where(l => l.Length > 0).Select(l => Path.Combine(buildDirectory, l))
            : [objectPath];
        var crcs = new Dictionary<string, uint>(StringComparer.Ordinal);
        foreach (string obj in objects)
        {
            string cmd = Path.Combine(Path.GetDirectoryName(obj) ?? "", "." + Path.GetFileName(obj) + ".cmd");
            if (!File.Exists(cmd))
            {
                if (File.Exists(modFile))
                    throw new DwarfAbiException($"{cmd}: No such file or directory (kbuild writes it beside every object listed in {modFile})");
                continue;
            }
            foreach (var (name, crc) in SymverLines.Parse(File.ReadAllText(cmd), newlineBefore: true))
                crcs[name] = crc;
        }
        return crcs;
    }
}
