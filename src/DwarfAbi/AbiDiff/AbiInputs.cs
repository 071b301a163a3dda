namespace DwarfAbi.AbiDiff;

/// <summary>
/// Loads one side of a diff from whatever the user has: a snapshot, a symtypes file, a
/// directory of symtypes files (as kbuild leaves them with KBUILD_SYMTYPES=1), an object, or a
/// directory of objects (a build tree, a set of modules).
/// </summary>
public static class AbiInputs
{
    /// <param name="exports">An export list for an object (one name per line), or null to find it in the object.</param>
    /// <param name="stable">Also produce the <c>--stable</c> view of objects (their kABI rules applied).</param>
    /// <param name="jobs">How many objects of a directory are processed at once.</param>
    public static AbiSnapshot Load(string path, IReadOnlyList<string>? exports, bool stable, int jobs)
    {
        if (System.IO.Directory.Exists(path))
            return Directory(path, exports, stable, jobs);
        if (!File.Exists(path))
            throw new DwarfAbiException("no such file or directory", file: path);
        if (Elf.ElfFile.IsElf(path))
            return new AbiSnapshot([ObjectUnitBuilder.Build(path, exports, stable)]);
        if (SnapshotFile.IsSnapshot(path))
            return SnapshotFile.Read(path);
        return new AbiSnapshot([Symtypes(path, path)]);
    }

    /// <summary>Symtypes files when there are any (they are the cheaper input), else the objects.</summary>
    private static AbiSnapshot Directory(string path, IReadOnlyList<string>? exports, bool stable, int jobs)
    {
        var files = System.IO.Directory.GetFiles(path, "*.symtypes", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal).ToList();
        if (files.Count > 0)
            return new AbiSnapshot([.. files.Select(f => Symtypes(f, Path.GetRelativePath(path, f)))]);
        if (exports is not null)
            throw new DwarfAbiException("an export list applies to one object; each object of a directory lists its own exports", file: path);
        return ObjectSet.Load(path, stable, jobs);
    }

    private static AbiUnit Symtypes(string file, string source)
    {
        try
        {
            return AbiUnit.FromSymtypes(source, file, AbiScope.ParseLines(File.ReadLines(file), file));
        }
        catch (DwarfAbiException e)
        {
            throw e.WithFile(file);
        }
    }
}
