namespace DwarfAbi.Symvers;

/// <summary>
/// Symbol versions recomputed from a symtypes file's entries: the same expansion and CRC as the
/// version pass, for tools that only have the file (a symbol's line is its root, the other
/// lines its type map).
/// </summary>
public static class SymtypesVersions
{
    /// <summary>The CRC of each symbol whose expansion succeeds; a symbol reaching an unknown type has none.</summary>
    public static Dictionary<string, uint> Compute(IReadOnlyDictionary<string, string> entries, IEnumerable<string> symbols)
    {
        var types = new TypeMap(new SymversLog(_ => { }), dumpTypes: false);
        foreach (var (key, text) in entries)
            types.Add(key, TypeStringParser.Parse(key, text));
        var calculator = new VersionCalculator(types, KabiRules.None, stable: false);
        var crcs = new Dictionary<string, uint>(StringComparer.Ordinal);
        foreach (string symbol in symbols)
        {
            if (types.Find(symbol) is not { } root)
                continue;
            try
            {
                crcs[symbol] = calculator.Calculate(root, keepText: false).Crc;
            }
            catch (DwarfAbiException)
            {
                // An incomplete file (a type line missing): no version rather than a wrong one.
            }
        }
        return crcs;
    }
}
