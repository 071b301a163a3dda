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

        // Exports by pair of units: a pair's reference graph is built once for its exports, then dropped.
        var byUnits = new Dictionary<(AbiUnit Old, AbiUnit New), List<(string Name, AbiExport Old, AbiExport New)>>();
        foreach (string name in old.ExportNames.Order(StringComparer.Ordinal))
        {
            if (!old.TryGet(name, out var oldExport, out var oldUnit) || !@new.TryGet(name, out var newExport, out var newUnit))
                continue;
            if (!byUnits.TryGetValue((oldUnit, newUnit), out var exports))
                byUnits[(oldUnit, newUnit)] = exports = [];
            exports.Add((name, oldExport, newExport));
        }

        var cache = new TypeTextCache();
        var pairs = new List<(ScopePair Plain, ScopePair? Stable, AbiUnit NewUnit)>();
        var groups = new Dictionary<string, CauseGroup>(StringComparer.Ordinal);
        var changed = new List<ChangedExport>();
        foreach (var ((oldUnit, newUnit), exports) in byUnits)
        {
            var plain = new ScopePair(oldUnit.Plain, newUnit.Plain, cache);
            var stableScopes = stable ? new ScopePair(oldUnit.Stable!, newUnit.Stable!, cache) : null;
            pairs.Add((plain, stableScopes, newUnit));
            var scopes = stableScopes ?? plain;
            var routes = new RouteFinder(scopes);
            foreach (var (name, oldExport, newExport) in exports)
            {
                uint? before = stable ? oldExport.StableCrc : oldExport.Crc;
                uint? after = stable ? newExport.StableCrc : newExport.Crc;
                // Known versions decide; only without them do the types (walked for changed symbols alone otherwise).
                if (before is { } b && after is { } a && a == b)
                    continue;
                var causes = Causes(name, scopes, routes, groups);
                if (before is not null && after is not null || causes.Count > 0)
                    changed.Add(new ChangedExport(name, before, after, causes));
            }
        }
        changed.Sort((x, y) => string.CompareOrdinal(x.Name, y.Name));
        // Causes in the order the exports (by name) first meet them, whichever units they came from.
        var used = changed.SelectMany(c => c.Causes).Distinct().ToList();
        foreach (var group in used)
            group.SortSymbols();
        var audit = stable ? KabiAuditor.Audit(pairs.Select(p => (p.Plain, p.Stable!, p.NewUnit.Rules))) : null;
        return new DiffResult(stable, added, removed, changed, used, audit);
    }

    /// <summary>The symbol's own changes and every changed type it reaches, each group recording the route.</summary>
    private static List<CauseGroup> Causes(string symbol, ScopePair scopes, RouteFinder routes, Dictionary<string, CauseGroup> groups)
    {
        var causes = new List<CauseGroup>();
        var oldRoot = scopes.OldNode(symbol);
        var newRoot = scopes.NewNode(symbol);
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
        foreach (var (key, path) in routes.ChangedTypesReached(symbol))
        {
            string id = scopes.ChangeId(key);
            if (!groups.TryGetValue(id, out var group))
                groups[id] = group = new CauseGroup(key, TypePaths.TypeName(key), scopes.LocalChanges(key));
            group.Symbols.Add(new SymbolRoute(symbol, path));
            causes.Add(group);
        }
        return causes;
    }
}
