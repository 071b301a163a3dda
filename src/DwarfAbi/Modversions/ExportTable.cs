namespace DwarfAbi.Modversions;

/// <summary>Exports by name. The first source to define a name wins, as in modpost's symbol table.</summary>
public sealed class ExportTable
{
    private readonly Dictionary<string, KernelExport> _byName = new(StringComparer.Ordinal);

    public int Count => _byName.Count;

    /// <summary>Adds the export unless the name is known; false when it was already there.</summary>
    public bool Add(KernelExport export) => _byName.TryAdd(export.Name, export);

    public void AddRange(IEnumerable<KernelExport> exports)
    {
        foreach (var e in exports)
            Add(e);
    }

    public KernelExport? Find(string name) => _byName.GetValueOrDefault(name);

    public IEnumerable<KernelExport> All => _byName.Values;
}
