using DwarfAbi.IO;
using System.Text;
using DwarfAbi.Dwarf;
using DwarfAbi.Elf;

namespace DwarfAbi.Symvers;

/// <summary>
/// A whole gendwarfksyms run over one or more objects. Symbols (addresses, bindings, CRCs) live
/// for the run; the DIE cache, type map and kABI rules live for one object.
/// </summary>
public sealed class SymversGenerator(GendwarfksymsOptions options, SymversLog log)
{
    // Below this much DWARF an object is done on one thread: starting pool threads would cost
    // more than they save (most modules have less; a vmlinux has hundreds of megabytes).
    private const long ParallelDebugInfoBytes = 512 * 1024;

    // The object's threads: all cores, or one for a small object.
    private int _threads = Environment.ProcessorCount;

    public SymversResult Run(ExportedSymbols symbols, IReadOnlyList<string> objects)
    {
        var symtypes = options.Symtypes ? new StringBuilder() : null;
        foreach (string path in objects)
        {
            try
            {
                using var elf = ElfFile.Open(path);
                string? block = ProcessObject(elf, symbols);
                symtypes?.Append(block);
            }
            catch (DwarfAbiException e)
            {
                throw e.WithFile(path);
            }
            catch (IOException e)
            {
                throw new DwarfAbiException($"open failed for '{path}': {e.Message}", inner: e);
            }
            catch (UnauthorizedAccessException e)
            {
                throw new DwarfAbiException($"open failed for '{path}': {e.Message}", inner: e);
            }
        }
        return new SymversResult(VersionLines(symbols), symtypes?.ToString());
    }

    private string? ProcessObject(ElfFile elf, ExportedSymbols symbols)
    {
        log.Debug("process_module", elf.Path);
        var timer = new PhaseTimer(log);
        ElfSymbolReader.ReadAddresses(elf, symbols, log);
        var rules = options.Stable ? KabiRules.Read(elf, log) : KabiRules.None;
        var dwarf = SymversDwarf.Open(elf);
        if (!dwarf.HasDebugInfo)
            throw new DwarfAbiException("dwarf_get_units failed: no debugging information?");
        _threads = dwarf.Units.Sum(u => (long)u.Length) < ParallelDebugInfoBytes ? 1 : Environment.ProcessorCount;
        timer.Lap("symbols, rules, units");

        var pool = new TextPool();
        var map = new ExportPass(symbols, rules, pool, options, log).Run(dwarf, parallel: _threads > 1);
        timer.Lap("unit walk");

        var types = new TypeMap(log, options.DumpTypes);
        var flattener = new TypeFlattener(pool, log);
        MapTypes(map, types, flattener, rules);
        timer.Lap("type map");
        ComputeVersions(symbols, dwarf, map, types, flattener, rules);
        timer.Lap("versions");
        return options.Symtypes ? types.Symtypes() : null;
    }

    /// <summary>Every named type rendered anywhere in the object enters the type map, the longest text winning.</summary>
    private void MapTypes(IDieLookup map, TypeMap types, TypeFlattener flattener, KabiRules rules)
    {
        var named = new List<(string Name, DieEntry Entry)>();
        foreach (var created in map.InCreationOrder)
        {
            var entry = created;
            if (entry.Mapped)
                continue;
            entry.Mapped = true;
            if (entry.State == DieState.Unexpanded && map.TryGet(entry.Key, DieState.Complete, out var complete))
            {
                if (complete.Mapped)
                    continue;
                entry = complete;
                entry.Mapped = true;
            }
            if (flattener.TypeName(entry) is { } name)
                named.Add((name, entry));
        }
        // Flattening only reads the die map, so it runs on all cores; the map is filled in order.
        // Unless each addition is logged, only the longest rendering of each name (the first
        // of equally long ones) is flattened: the others are measured and dropped.
        bool logged = options.DumpTypes || log.DebugEnabled;
        var chosen = logged ? named : Longest(named, flattener, rules);
        var expansions = new TypeExpansion[chosen.Count];
        Parallelism.For(chosen.Count, _threads, () => 0, (i, _) => expansions[i] = Expand(chosen[i].Name, chosen[i].Entry, flattener, rules));
        for (int i = 0; i < chosen.Count; i++)
        {
            log.Debug("expand_type", chosen[i].Name);
            types.Add(chosen[i].Name, expansions[i]);
        }
    }

    private List<(string Name, DieEntry Entry)> Longest(List<(string Name, DieEntry Entry)> named, TypeFlattener flattener, KabiRules rules)
    {
        var lengths = new long[named.Count];
        Parallelism.For(named.Count, _threads, () => 0, (i, _) => lengths[i] = options.Stable && rules.TryGetTypeString(named[i].Name, out string _)
            ? Expand(named[i].Name, named[i].Entry, flattener, rules).Length
            : flattener.Length(named[i].Entry));
        var best = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < named.Count; i++)
        {
            if (!best.TryGetValue(named[i].Name, out int current) || lengths[i] > lengths[current])
                best[named[i].Name] = i;
        }
        return [.. best.Values.Order().Select(i => named[i])];
    }

    private TypeExpansion Expand(string name, DieEntry entry, TypeFlattener flattener, KabiRules rules) =>
        options.Stable && rules.TryGetTypeString(name, out string text)
            ? TypeStringParser.Parse(name, text)
            : flattener.Flatten(name, entry);

    private void ComputeVersions(ExportedSymbols symbols, DwarfData dwarf, IDieLookup map, TypeMap types, TypeFlattener flattener, KabiRules rules)
    {
        var pending = new List<(ExportedSymbol Symbol, TypeExpansion Expansion)>();
        foreach (var symbol in symbols.InHashOrder)
        {
            // An alias already has its CRC; it is expanded again only for its symtypes line.
            if (!options.Symtypes && symbol.State == SymbolState.Processed)
                continue;
            if (symbol.Die is not { } die || die.Unit.Dwarf != dwarf || !map.TryGet(die.Key, DieState.Symbol, out var entry))
                continue;
            pending.Add((symbol, Expand(symbol.Name, entry, flattener, rules)));
        }
        var crcs = Precompute(pending, types, rules);
        var calculator = new VersionCalculator(types, rules, options.Stable);
        for (int i = 0; i < pending.Count; i++)
        {
            var (symbol, expansion) = pending[i];
            if (symbol.State != SymbolState.Processed)
            {
                var (crc, text) = crcs?[i] is { } known ? (known, null) : calculator.Calculate(expansion, options.DumpVersions);
                symbols.SetCrc(symbol, crc, log);
                log.Debug("expand_symbol", $"{symbol.Name} = {crc:x}");
                if (text is not null)
                    log.Write($"{symbol.Name} {text}\n");
            }
            if (options.Symtypes)
                types.Add(symbol.Name, expansion);
        }
    }

    /// <summary>
    /// The CRCs of all pending symbols, computed on all cores: each is a pure function of the
    /// type map. Not when the pass must stay in order: when it prints texts, or when stable-mode
    /// type_string rules may add types to the map on the way. Aliases are computed too and then
    /// dropped, as the ordered pass gives them their first alias's CRC.
    /// </summary>
    private uint?[]? Precompute(List<(ExportedSymbol Symbol, TypeExpansion Expansion)> pending, TypeMap types, KabiRules rules)
    {
        if (options.DumpVersions || (options.Stable && rules.HasTypeStrings) || pending.Count < 2)
            return null;
        var crcs = new uint?[pending.Count];
        var closures = TypeClosures.Build([.. types.Types], types.Find);
        Parallelism.For(pending.Count, _threads, () => new VersionCalculator(types, rules, options.Stable, closures), (i, calculator) =>
        {
            if (pending[i].Symbol.State != SymbolState.Processed)
                crcs[i] = calculator.Calculate(pending[i].Expansion, keepText: false).Crc;
        });
        return crcs;
    }

    private string VersionLines(ExportedSymbols symbols)
    {
        var sb = new StringBuilder();
        foreach (var symbol in symbols.InHashOrder)
        {
            if (symbol.State != SymbolState.Processed)
                log.Warn("symbol_print_versions", $"no information for symbol {symbol.Name}");
            sb.Append("#SYMVER ").Append(symbol.Name).Append(" 0x").Append(symbol.Crc.ToString("x8", System.Globalization.CultureInfo.InvariantCulture)).Append('\n');
        }
        return sb.ToString();
    }
}
