namespace DwarfAbi.AbiDiff;

/// <summary>
/// Compares two sides export by export: added and removed exports, and for every export whose
/// version changed, the changes that explain it, grouped by the type that caused them. With
/// <c>stable</c>, versions and types are the <c>--stable</c> ones and the kABI rules are audited.
/// </summary>
public static class AbiDiffer
{
    public static DiffResult Diff(AbiSnapshot old, AbiSnapshot @new, bool stable)
    {
        if (stable && (!old.HasStable || !@new.HasStable))
            throw new DwarfAbiException("--stable needs objects, or snapshots taken with --stable: a symtypes file has no plain view to compare with");
        var added = @new.ExportNames.Where(n => !old.TryGet(n, out _, out _)).Order(StringComparer.Ordinal).ToList();
        var removed = old.ExportNames.Where(n => !@new.TryGet(n, out _, out _)).Order(StringComparer.Ordinal).ToList();

        var pairs = new Dictionary<(AbiUnit, AbiUnit), (ScopePair Plain, ScopePair? Stable)>();
        var groups = new Dictionary<string, CauseGroup>(StringComparer.Ordinal);
        var changed = new List<ChangedExport>();
        foreach (string name in old.ExportNames.Order(StringComparer.Ordinal))
        {
            if (!old.TryGet(name, out var oldExport, out var oldUnit) || !@new.TryGet(name, out var newExport, out var newUnit))
                continue;
            if (!pairs.TryGetValue((oldUnit, newUnit), out var pair))
            {
                pair = (new ScopePair(oldUnit.Plain, newUnit.Plain), stable ? new ScopePair(oldUnit.Stable!, newUnit.Stable!) : null);
                pairs[(oldUnit, newUnit)] = pair;
            }
            var scopes = pair.Stable ?? pair.Plain;
            uint? before = stable ? oldExport.StableCrc : oldExport.Crc;
            uint? after = stable ? newExport.StableCrc : newExport.Crc;
            // Known versions decide; only without them do the types (walked for changed symbols alone otherwise).
            if (before is { } b && after is { } a && a == b)
                continue;
            var causes = Causes(name, scopes, groups);
            if (before is not null && after is not null || causes.Count > 0)
                changed.Add(new ChangedExport(name, before, after, causes));
        }
        var audit = stable ? KabiAuditor.Audit(pairs.Select(p => (p.Value.Plain, p.Value.Stable!, p.Key.Item2.Rules))) : null;
        var used = groups.Values.Where(g => g.Symbols.Count > 0).ToList();
        return new DiffResult(stable, added, removed, changed, used, audit);
    }

    /// <summary>The symbol's own changes and every changed type it reaches, each group recording the route.</summary>
    private static List<CauseGroup> Causes(string symbol, ScopePair scopes, Dictionary<string, CauseGroup> groups)
    {
        var causes = new List<CauseGroup>();
        var oldRoot = scopes.Old.Node(symbol);
        var newRoot = scopes.New.Node(symbol);
        if (oldRoot is not null && newRoot is not null)
        {
            var own = TreeComparer.Compare(oldRoot, newRoot);
            if (own.Count > 0)
            {
                var group = new CauseGroup(null, symbol, own);
                group.Symbols.Add(new SymbolRoute(symbol, []));
                groups["\0" + symbol] = group;
                causes.Add(group);
            }
        }
        foreach (var (key, path) in scopes.ChangedTypesReached(symbol))
        {
            var changes = scopes.LocalChanges(key);
            string id = key + "\n" + string.Join("\n", changes);
            if (!groups.TryGetValue(id, out var group))
                groups[id] = group = new CauseGroup(key, TypePaths.TypeName(key), changes);
            group.Symbols.Add(new SymbolRoute(symbol, path));
            causes.Add(group);
        }
        return causes;
    }
}
