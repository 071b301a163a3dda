namespace DwarfAbi.AbiDiff;

/// <summary>
/// The routes from the symbols of one pair of type maps to the types whose own text changed.
/// The graph of who refers to whom comes from the texts' references alone; a route's steps
/// (members, parameters) are read from the trees of the few types on it.
/// </summary>
public sealed class RouteFinder(ScopePair scopes)
{
    private readonly Dictionary<string, Dictionary<string, string>> _towards = new(StringComparer.Ordinal);
    // For each changed type: the path from each key met so far to it. Routes of many symbols to
    // one type share their tails (the way from a big struct down to the change), made once.
    private readonly Dictionary<string, Dictionary<string, string[]>> _paths = new(StringComparer.Ordinal);
    private List<string>? _changedKeys;
    private Dictionary<string, List<string>>? _referrers;

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
            if (towards.ContainsKey(symbol))
                reached.Add((key, PathTo(key, symbol, towards)));
        }
        return reached;
    }

    /// <summary>The steps and type names from a key to a changed type along the shortest way.</summary>
    private string[] PathTo(string changed, string from, Dictionary<string, string> towards)
    {
        if (!_paths.TryGetValue(changed, out var known))
            _paths[changed] = known = new(StringComparer.Ordinal) { [changed] = [] };
        var unknown = new Stack<string>();
        string at = from;
        while (!known.ContainsKey(at))
        {
            unknown.Push(at);
            at = towards[at];
        }
        while (unknown.Count > 0)
        {
            string step = unknown.Pop();
            known[step] = [.. scopes.Steps(step, at), TypePaths.TypeName(at), .. known[at]];
            at = step;
        }
        return known[from];
    }

    /// <summary>The types whose own text changed, in key order.</summary>
    private List<string> ChangedKeys => _changedKeys ??=
        [.. scopes.Old.Entries.Keys.Where(k => Symvers.TypeExpansion.IsReference(k) && scopes.LocalChanges(k).Count > 0).Order(StringComparer.Ordinal)];

    /// <summary>
    /// For every key that reaches <paramref name="changed"/>: the next key on a shortest way
    /// there. One breadth-first walk back from each changed type serves every symbol, where a
    /// walk forward from each symbol would cross the whole graph per symbol.
    /// </summary>
    private Dictionary<string, string> Towards(string changed)
    {
        if (_towards.TryGetValue(changed, out var towards))
            return towards;
        towards = new(StringComparer.Ordinal) { [changed] = changed };
        var queue = new Queue<string>([changed]);
        while (queue.Count > 0)
        {
            string at = queue.Dequeue();
            foreach (string from in Referrers.GetValueOrDefault(at) ?? [])
            {
                if (towards.TryAdd(from, at))
                    queue.Enqueue(from);
            }
        }
        return _towards[changed] = towards;
    }

    /// <summary>Who refers to each key, in either version.</summary>
    private Dictionary<string, List<string>> Referrers
    {
        get
        {
            if (_referrers is not null)
                return _referrers;
            _referrers = new(StringComparer.Ordinal);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (string key in scopes.Old.Entries.Keys.Union(scopes.New.Entries.Keys))
            {
                seen.Clear();
                foreach (string target in Targets(scopes.New, key).Concat(Targets(scopes.Old, key)))
                {
                    if (!seen.Add(target))
                        continue;
                    if (!_referrers.TryGetValue(target, out var list))
                        _referrers[target] = list = [];
                    list.Add(key);
                }
            }
            return _referrers;
        }
    }

    private string[] Targets(AbiScope scope, string key) => scope.Text(key) is { } text ? scopes.Cache.Targets(text) : [];
}
