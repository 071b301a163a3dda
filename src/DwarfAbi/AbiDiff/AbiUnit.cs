namespace DwarfAbi.AbiDiff;

/// <summary>An export of a unit with its version, plain and (when known) under <c>--stable</c>.</summary>
public sealed record AbiExport(string Name, uint? Crc, uint? StableCrc);

/// <summary>A kABI rule of an object, as written in its rules section.</summary>
public sealed record KabiRule(string Type, string Target, string Value)
{
    public override string ToString() => $"{Type} '{Target}'{(Value.Length > 0 ? $" = '{Value}'" : "")}";
}

/// <summary>
/// What one object or symtypes file contributes to a side of a diff: its exports, its plain
/// type map, its stable type map and kABI rules when they were produced, and where it came from.
/// </summary>
public sealed class AbiUnit(string source, IReadOnlyList<AbiExport> exports, AbiScope plain, AbiScope? stable, IReadOnlyList<KabiRule> rules)
{
    public string Source { get; } = source;
    public IReadOnlyList<AbiExport> Exports { get; } = exports;
    public AbiScope Plain { get; } = plain;
    public AbiScope? Stable { get; } = stable;
    public IReadOnlyList<KabiRule> Rules { get; } = rules;

    /// <summary>A unit from symtypes entries alone: versions are recomputed from them.</summary>
    /// <param name="source">The unit's name in snapshots (a directory's files are named relative to it).</param>
    public static AbiUnit FromSymtypes(string source, string file, Dictionary<string, string> entries)
    {
        var scope = new AbiScope(entries, file);
        var crcs = Symvers.SymtypesVersions.Compute(entries, scope.Symbols);
        var exports = scope.Symbols.Order(StringComparer.Ordinal)
            .Select(s => new AbiExport(s, crcs.TryGetValue(s, out uint c) ? c : null, null)).ToList();
        return new AbiUnit(source, exports, scope, null, []);
    }
}

/// <summary>One side of a diff: its units, and each export's unit (the first that has it).</summary>
public sealed class AbiSnapshot
{
    private readonly Dictionary<string, (AbiExport Export, AbiUnit Unit)> _exports = new(StringComparer.Ordinal);

    public AbiSnapshot(IReadOnlyList<AbiUnit> units)
    {
        Units = units;
        foreach (var unit in units)
        {
            foreach (var export in unit.Exports)
                _exports.TryAdd(export.Name, (export, unit));
        }
    }

    public IReadOnlyList<AbiUnit> Units { get; }

    public IEnumerable<string> ExportNames => _exports.Keys;

    public bool HasStable => Units.Count > 0 && Units.All(u => u.Stable is not null);

    public bool TryGet(string name, out AbiExport export, out AbiUnit unit)
    {
        bool found = _exports.TryGetValue(name, out var entry);
        (export, unit) = entry;
        return found;
    }
}
