namespace DwarfAbi.AbiDiff;

/// <summary>
/// Loads one side of a diff from whatever the user has: a snapshot, a symtypes file, a
/// directory of symtypes files (as kbuild leaves them with KBUILD_SYMTYPES=1), or an object.
/// </summary>
public static class AbiInputs
{
    private static readonly byte[] ElfMagic = [0x7f, (byte)'E', (byte)'L', (byte)'F'];

    /// <param name="exports">An export list for objects (one name per line), or null to find it in the object.</param>
    /// <param name="stable">Also produce the <c>--stable</c> view of objects (their kABI rules applied).</param>
    public static AbiSnapshot Load(string path, IReadOnlyList<string>? exports, bool stable)
    {
        if (System.IO.Directory.Exists(path))
            return SymtypesDirectory(path);
        if (!File.Exists(path))
            throw new DwarfAbiException("no such file or directory", file: path);
        if (IsElf(path))
            return new AbiSnapshot([ObjectUnitBuilder.Build(path, exports, stable)]);
        if (SnapshotFile.IsSnapshot(path))
            return SnapshotFile.Read(path);
        return new AbiSnapshot([Symtypes(path, path)]);
    }

    private static AbiSnapshot SymtypesDirectory(string path)
    {
        var files = System.IO.Directory.GetFiles(path, "*.symtypes", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal).ToList();
        if (files.Count == 0)
            throw new DwarfAbiException("no *.symtypes files in the directory", file: path);
        return new AbiSnapshot([.. files.Select(f => Symtypes(f, Path.GetRelativePath(path, f)))]);
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

    private static bool IsElf(string path)
    {
        using var stream = File.OpenRead(path);
        Span<byte> head = stackalloc byte[4];
        return stream.ReadAtLeast(head, 4, throwOnEndOfStream: false) == 4 && head.SequenceEqual(ElfMagic);
    }
}
