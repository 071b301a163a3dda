using DwarfAbi.Elf;
using DwarfAbi.Symvers;

namespace DwarfAbi.AbiDiff;

/// <summary>
/// A unit from an object: the symbol-versions engine runs once plain and, when asked, once
/// with <c>--stable</c>, each time writing symtypes; its CRCs and type maps are the unit.
/// </summary>
public static class ObjectUnitBuilder
{
    /// <param name="exports">The export list to use, or null to find it in the object.</param>
    public static AbiUnit Build(string path, IReadOnlyList<string>? exports, bool stable) =>
        TryBuild(path, path, exports, stable, pool: null)
            ?? throw new DwarfAbiException("no exported symbols found (no __export_symbol_* or __ksymtab_* symbols, not Rust); give the list with --exports", file: path);

    /// <summary>The unit of an object, or null when it exports nothing.</summary>
    /// <param name="source">The unit's name in snapshots.</param>
    /// <param name="pool">Shares equal keys and texts with other units, or null.</param>
    public static AbiUnit? TryBuild(string path, string source, IReadOnlyList<string>? exports, bool stable, StringPool? pool)
    {
        IReadOnlyList<string> names;
        IReadOnlyList<KabiRule> rules;
        using (var elf = OpenElf(path))
        {
            try
            {
                names = exports ?? ExportFinder.Find(elf).Names;
                rules = stable ? [.. KabiRules.Read(elf, new SymversLog(_ => { })).Entries.Select(r => new KabiRule(r.Type, r.Target, r.Value))] : [];
            }
            catch (DwarfAbiException e)
            {
                throw e.WithFile(path);
            }
        }
        if (names.Count == 0)
            return null;
        var (plainCrcs, plain) = Run(path, names, stable: false, pool);
        Dictionary<string, uint>? stableCrcs = null;
        AbiScope? stableScope = null;
        if (stable)
            (stableCrcs, stableScope) = Run(path, names, stable: true, pool);
        var list = names.Where(plainCrcs.ContainsKey)
            .Select(n => new AbiExport(n, plainCrcs[n], stableCrcs?[n])).ToList();
        return new AbiUnit(source, list, plain, stableScope, rules);
    }

    private static ElfFile OpenElf(string path)
    {
        try
        {
            return ElfFile.Open(path);
        }
        catch (DwarfAbiException e)
        {
            throw e.WithFile(path);
        }
    }

    private static (Dictionary<string, uint> Crcs, AbiScope Scope) Run(string path, IReadOnlyList<string> names, bool stable, StringPool? pool)
    {
        var symbols = new ExportedSymbols();
        foreach (string name in names)
            symbols.Add(name);
        var log = new SymversLog(_ => { });
        var result = new SymversGenerator(new GendwarfksymsOptions { Stable = stable, Symtypes = true }, log).Run(symbols, [path]);
        var entries = AbiScope.ParseLines((result.Symtypes ?? "").Split('\n'), path, pool);
        // Symbols without DWARF get CRC 0 from the engine; they have no type to explain and are left out.
        var crcs = symbols.InHashOrder
            .Where(s => s.State == SymbolState.Processed && entries.ContainsKey(s.Name))
            .ToDictionary(s => s.Name, s => s.Crc, StringComparer.Ordinal);
        return (crcs, new AbiScope(entries, path));
    }
}
