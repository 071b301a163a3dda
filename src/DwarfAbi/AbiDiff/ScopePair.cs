namespace DwarfAbi.AbiDiff;

/// <summary>
/// An old and a new type map compared type by type: each type's own changes are worked out
/// once, however many symbols reach it, and a symbol's causes are the changed types it reaches.
/// </summary>
public sealed class ScopePair(AbiScope old, AbiScope @new)
{
    private readonly Dictionary<string, List<TypeChange>> _local = new(StringComparer.Ordinal);
    private readonly Dictionary<(AbiScope, string), List<(string Key, string[] Path)>> _references = [];

    public AbiScope Old { get; } = old;
    public AbiScope New { get; } = @new;

    /// <summary>The changes in a type's own text; empty when it is the same or missing on a side.</summary>
    public List<TypeChange> LocalChanges(string key)
    {
        if (_local.TryGetValue(key, out var changes))
            return changes;
        string? before = Old.Text(key), after = New.Text(key);
        changes = before is null || after is null || before == after ? [] : TreeComparer.Compare(Old.Node(key)!, New.Node(key)!);
        return _local[key] = changes;
    }

    /// <summary>
    /// The changed types a symbol reaches, each with its shortest path from the symbol
    /// (breadth first through both versions of every type on the way).
    /// </summary>
    public List<(string Key, string[] Path)> ChangedTypesReached(string symbol)
    {
        var reached = new List<(string, string[])>();
        var visited = new HashSet<string>(StringComparer.Ordinal);
        var queue = new Queue<(string Key, string[] Path)>();
        foreach (var (key, path) in References(Old, symbol).Concat(References(New, symbol)))
            queue.Enqueue((key, path));
        while (queue.Count > 0)
        {
            var (key, path) = queue.Dequeue();
            if (!visited.Add(key))
                continue;
            string[] here = [.. path, TypePaths.TypeName(key)];
            if (LocalChanges(key).Count > 0)
                reached.Add((key, here));
            foreach (var (inner, innerPath) in References(New, key).Concat(References(Old, key)))
            {
                if (!visited.Contains(inner))
                    queue.Enqueue((inner, [.. here, .. innerPath]));
            }
        }
        return reached;
    }

    private List<(string Key, string[] Path)> References(AbiScope scope, string key)
    {
        if (_references.TryGetValue((scope, key), out var list))
            return list;
        list = [];
        if (scope.Node(key) is { } node)
            Collect(node, [], list);
        return _references[(scope, key)] = list;
    }

    private static void Collect(TypeNode node, string[] path, List<(string, string[])> into)
    {
        if (node.IsReference)
        {
            into.Add((node.Name!, path));
            return;
        }
        for (int i = 0; i < node.Items.Count; i++)
            Collect(node.Items[i], [.. path, TypePaths.ItemLabel(node.Items[i], i)], into);
        if (node.Type is not null)
            Collect(node.Type, node.Kind is "subprogram" or "subroutine_type" ? [.. path, TypePaths.ReturnValue] : path, into);
    }
}
