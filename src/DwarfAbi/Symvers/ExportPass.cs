using DwarfAbi.IO;
using DwarfAbi.Dwarf;

namespace DwarfAbi.Symvers;

/// <summary>
/// Runs the <see cref="ExportWalker"/> over all units of an object and returns the rendered DIEs.
/// </summary>
/// <remarks>
/// Units are rendered on all cores, each into its own die map, when nothing is logged along the
/// way: the die map is per object, but a unit's types only reference DIEs of that unit unless
/// the object uses inter-unit references, and binding happens in unit order in between, so the
/// maps together hold exactly what one map filled unit after unit would. When a rendering does
/// reach another unit, or any unit fails, the bindings are undone and the object is done again
/// one unit after the other, which also reports the first error in DWARF order.
/// </remarks>
internal sealed class ExportPass(ExportedSymbols symbols, KabiRules rules, TextPool pool, GendwarfksymsOptions options, SymversLog log)
{
    /// <param name="parallel">Whether units may be rendered on several threads.</param>
    public IDieLookup Run(DwarfData dwarf, bool parallel)
    {
        bool logged = options.DumpDies || options.DumpDieMap || log.DebugEnabled;
        if (parallel && !logged && dwarf.Units.Count > 1)
        {
            var saved = symbols.SaveBindings();
            try
            {
                return InParallel(dwarf.Units);
            }
            catch (Exception e) when (e is CrossUnitReferenceException or DwarfAbiException)
            {
                symbols.RestoreBindings(saved);
            }
        }
        return InOrder(dwarf.Units);
    }

    private DieMap InOrder(IReadOnlyList<Unit> units)
    {
        var map = new DieMap();
        var fqns = new FqnResolver(pool);
        var privates = new PrivateDefinitions();
        var dumper = new DieDumper(log, options.DumpDies || options.DumpDieMap, options.DumpDieMap);
        var walker = new TypeWalker(map, fqns, pool, rules, options.Stable, dumper, privates);
        var exports = new ExportWalker(symbols, log);
        foreach (var unit in units)
        {
            fqns.Resolve(unit);
            exports.Render(exports.Bind(unit, exports.FindCandidates(unit)), walker, dumper);
            privates.Reset();
        }
        map.Freeze();
        return map;
    }

    private UnitDieMaps InParallel(IReadOnlyList<Unit> units)
    {
        var exports = new ExportWalker(symbols, log);
        var candidates = new List<ExportCandidate>[units.Count];
        Parallelism.For(units.Count, () => 0, (i, _) => candidates[i] = [.. exports.FindCandidates(units[i])]);
        var renders = new List<SymbolRender>[units.Count];
        for (int i = 0; i < units.Count; i++)
            renders[i] = [.. exports.Bind(units[i], candidates[i])];
        var maps = new DieMap[units.Count];
        var dumper = new DieDumper(log, false, false);
        Parallelism.For(units.Count, () => 0, (i, _) =>
        {
            var map = new DieMap(units[i]);
            var fqns = new FqnResolver(pool);
            if (renders[i].Count > 0)
            {
                fqns.Resolve(units[i]);
                exports.Render(renders[i], new TypeWalker(map, fqns, pool, rules, options.Stable, dumper, new PrivateDefinitions()), dumper);
            }
            map.Freeze();
            maps[i] = map;
        });
        return new UnitDieMaps(maps);
    }
}
