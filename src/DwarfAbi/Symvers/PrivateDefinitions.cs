using DwarfAbi.Dwarf;

namespace DwarfAbi.Symvers;

/// <summary>
/// Whether a definition is private to its translation unit: declared in a file whose last
/// <c>.</c>-suffix is exactly <c>.c</c>. Such definitions cannot be part of an interface, so
/// they are never expanded. Answers are cached by file number for one unit's walk.
/// </summary>
internal sealed class PrivateDefinitions
{
    private readonly Dictionary<ulong, bool> _byFile = [];

    /// <summary>Forgets the cache; file numbers mean something else in the next unit.</summary>
    public void Reset() => _byFile.Clear();

    public bool IsPrivate(Die die)
    {
        if (!die.TryUnsigned(DwAt.DeclFile, out ulong file))
            return false;
        if (_byFile.TryGetValue(file, out bool cached))
            return cached;
        var lines = die.Unit.Lines
            ?? throw new DwarfAbiException($"DIE at 0x{die.Offset:x} has DW_AT_decl_file, but its unit has no line table", die.Offset);
        // DWARF 4 numbers files from 1; entry 0 reads as a name without a suffix.
        string path = lines.FilePath(file) ?? (lines.Version < 5 && file == 0 ? ""
            : throw new DwarfAbiException($"DW_AT_decl_file {file} is not in the line table of {die.Unit}", die.Offset));
        int dot = path.LastIndexOf('.');
        bool isPrivate = dot >= 0 && path.AsSpan(dot).SequenceEqual(".c");
        _byFile[file] = isPrivate;
        return isPrivate;
    }
}
