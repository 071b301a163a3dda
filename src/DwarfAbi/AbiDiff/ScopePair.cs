namespace DwarfAbi.AbiDiff;

/// <summary>
/// An old and a new type map compared type by type: each type's own changes are worked out
/// once, however many symbols reach it (and, through the cache, however many units hold it).
/// </summary>
public sealed class ScopePair(AbiScope old, AbiScope @new, TypeTextCache cache)
{
    private readonly Dictionary<string, string> _changeIds = new(StringComparer.Ordinal);
    private readonly Dictionary<(string From, string To), string[]> _steps = [];

    public AbiScope Old { get; } = old;
    public AbiScope New { get; } = @new;
    public TypeTextCache Cache { get; } = cache;

    public TypeNode? OldNode(string key) => Node(Old, key);

    public TypeNode? NewNode(string key) => Node(New, key);

    private TypeNode? Node(AbiScope scope, string key) => scope.Text(key) is { } text ? Cache.Node(key, text, scope.File) : null;

    /// <summary>
    /// What identifies a type's changes across pairs: its key and the changes' texts. Every symbol
    /// that reaches the type asks for it, so it is made once.
    /// </summary>
    public string ChangeId(string key)
    {
        if (!_changeIds.TryGetValue(key, out string? id))
            _changeIds[key] = id = key + "\n" + string.Join("\n", LocalChanges(key));
        return id;
    }

    /// <summary>The changes in a type's own text; empty when it is the same or missing on a side.</summary>
    public List<TypeChange> LocalChanges(string key)
    {
        string? before = Old.Text(key), after = New.Text(key);
        return before is null || after is null || before == after ? [] : Cache.Changes(key, (before, Old.File), (after, New.File));
    }

    /// <summary>The steps from a type to a type it refers to, in its new text if it refers to it there, else in its old one.</summary>
    public string[] Steps(string from, string to)
    {
        if (!_steps.TryGetValue((from, to), out var steps))
            _steps[(from, to)] = steps = References(New, from).Concat(References(Old, from)).FirstOrDefault(r => r.Key == to).Path ?? [];
        return steps;
    }

    private List<(string Key, string[] Path)> References(AbiScope scope, string key) =>
        scope.Text(key) is { } text ? Cache.References(key, text, scope.File) : [];
}
