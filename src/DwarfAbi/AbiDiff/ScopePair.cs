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
    /// The changed types a symbol reaches, each with its shortest path from the symbol through
    /// both versions of every type on the way.
    /// </summary>
    public List<(string Key, string[] Path)> ChangedTypesReached(string symbol)
    {
        var reached = new List<(string, string[])>();
        foreach (string key in ChangedKeys)
        {
            var towards = Towards(key);
            if (!towards.ContainsKey(symbol))
                continue;
            var path = new List<string>();
            for (string at = symbol; at != key;)
            {
                var (next, steps) = towards[at];
                path.AddRange(steps);
                path.Add(TypePaths.TypeName(next));
                at = next;
            }
            reached.Add((key, [.. path]));
        }
        return reached;
    }

    /// <summary>The types whose own text changed, in key order.</summary>
    private List<string> ChangedKeys => _changedKeys ??=
        [.. Old.Entries.Keys.Where(k => Symvers.TypeExpansion.IsReference(k) && LocalChanges(k).Count > 0).Order(StringComparer.Ordinal)];

    private List<string>? _changedKeys;
    private Dictionary<string, List<(string From, string[] Path)>>? _referrers;
    private readonly Dictionary<string, Dictionary<string, (string Next, string[] Path)>> _towards = new(StringComparer.Ordinal);

    /// <summary>
    /// For every key that reaches <paramref name="changed"/>: the next key on a shortest way
    /// there and the steps to it. One breadth-first walk back from each changed type serves
    /// every symbol, where a walk forward from each symbol would cross the whole graph per symbol.
    /// </summary>
    private Dictionary<string, (string Next, string[] Path)> Towards(string changed)
    {
        if (_towards.TryGetValue(changed, out var towards))
            return towards;
        towards = new(StringComparer.Ordinal) { [changed] = (changed, []) };
        var queue = new Queue<string>([changed]);
        while (queue.Count > 0)
        {
            string at = queue.Dequeue();
            foreach (var (from, path) in Referrers.GetValueOrDefault(at) ?? [])
            {
                if (towards.TryAdd(from, (at, path)))
                    queue.Enqueue(from);
            }
        }
        return _towards[changed] = towards;
    }

    /// <summary>Who refers to each key, in either version, with the steps from the referrer to the reference.</summary>
    private Dictionary<string, List<(string From, string[] Path)>> Referrers
    {
        get
        {
            if (_referrers is not null)
                return _referrers;
            _referrers = new(StringComparer.Ordinal);
            foreach (string key in Old.Entries.Keys.Union(New.Entries.Keys))
            {
                var seen = new HashSet<string>(StringComparer.Ordinal);
                foreach (var (target, path) in References(New, key).Concat(References(Old, key)))
                {
                    if (!seen.Add(target))
                        continue;
                    if (!_referrers.TryGetValue(target, out var list))
                        _referrers[target] = list = [];
                    list.Add((key, path));
                }
            }
            return _referrers;
        }
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
