namespace DwarfAbi.Symvers;

/// <summary>
/// Reference tokens and (with <c>--symtypes</c>) symbol names, each mapped to the longest
/// expansion seen for it: a definition beats a bare declaration of the same name.
/// </summary>
internal sealed class TypeMap(SymversLog log, bool dumpTypes)
{
    private readonly Dictionary<string, TypeExpansion> _map = new(StringComparer.Ordinal);

    public IReadOnlyCollection<TypeExpansion> Types => _map.Values;

    public TypeExpansion? Find(string name) => _map.GetValueOrDefault(name);

    public TypeExpansion Add(string name, TypeExpansion expansion)
    {
        if (_map.TryGetValue(name, out var existing))
        {
            if (expansion.Length <= existing.Length)
                return existing;
            if (dumpTypes)
                log.Debug("type_map_add", $"replacing {name}");
        }
        else if (dumpTypes)
        {
            log.Debug("type_map_add", $"adding {name}");
        }
        _map[name] = expansion;
        if (dumpTypes)
            log.Write($"{name} {expansion.Text}\n");
        return expansion;
    }

    /// <summary>The symtypes block: one <c>key text</c> line per entry, sorted by key as strcmp would.</summary>
    public string Symtypes()
    {
        var sb = new System.Text.StringBuilder();
        foreach (var (name, expansion) in _map.OrderBy(e => e.Key, Utf8Order.Instance))
        {
            sb.Append(name).Append(' ');
            foreach (string element in expansion.Elements)
                sb.Append(element);
            sb.Append('\n');
        }
        return sb.ToString();
    }
}
