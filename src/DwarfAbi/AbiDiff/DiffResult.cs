namespace DwarfAbi.AbiDiff;

/// <summary>How a symbol reaches a cause: <c>f</c>, <c>parameter p</c>, <c>struct foo</c>.</summary>
public sealed record SymbolRoute(string Symbol, IReadOnlyList<string> Path);

/// <summary>
/// One reason for version changes: a type whose own text changed (reported once with every
/// export that reaches it) or, with no type, a change in a symbol's own declaration.
/// </summary>
public sealed class CauseGroup(string? typeKey, string title, IReadOnlyList<TypeChange> changes)
{
    /// <summary>The type-map key of the changed type, or null for a symbol's own declaration.</summary>
    public string? TypeKey { get; } = typeKey;
    public string Title { get; } = title;
    public IReadOnlyList<TypeChange> Changes { get; } = changes;
    public List<SymbolRoute> Symbols { get; private set; } = [];

    /// <summary>Puts the symbols in name order, whatever order their units were compared in.</summary>
    public void SortSymbols() => Symbols = [.. Symbols.OrderBy(s => s.Symbol, StringComparer.Ordinal)];
}

/// <summary>An export present on both sides whose version changed, and what explains it.</summary>
public sealed record ChangedExport(string Name, uint? OldCrc, uint? NewCrc, IReadOnlyList<CauseGroup> Causes);

/// <summary>A plain-mode change that the stable view does not see, and the rule or member that hid it.</summary>
public sealed record HiddenChange(string TypeKey, TypeChange Change, string Rule);

/// <summary>The outcome of the layout check of one type with hidden changes; no problems means it passed.</summary>
public sealed record LayoutCheck(string TypeKey, IReadOnlyList<string> Problems)
{
    public bool Passed => Problems.Count == 0;
}

/// <summary>What the kABI rules did (<c>--stable</c>): what they hid, which hid nothing, and whether the hidden changes keep the layout.</summary>
public sealed record KabiAudit(IReadOnlyList<HiddenChange> Hidden, IReadOnlyList<KabiRule> UnusedRules, IReadOnlyList<LayoutCheck> Layout)
{
    public bool HasErrors => Layout.Any(l => !l.Passed);
}

public sealed record DiffResult(
    bool Stable,
    IReadOnlyList<string> Added,
    IReadOnlyList<string> Removed,
    IReadOnlyList<ChangedExport> Changed,
    IReadOnlyList<CauseGroup> Causes,
    KabiAudit? Audit)
{
    /// <summary>Exports whose version changed but no difference in their types explains it.</summary>
    public IEnumerable<ChangedExport> Unexplained => Changed.Where(c => c.Causes.Count == 0);

    public bool HasAbiChanges => Added.Count > 0 || Removed.Count > 0 || Changed.Count > 0;
}
