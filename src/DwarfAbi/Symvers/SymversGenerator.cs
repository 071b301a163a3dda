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
        ElfSymbolReader.ReadAddresses(elf, symbols, log);
        var rules = options.Stable ? KabiRules.Read(elf, log) : KabiRules.None;
        var dwarf = SymversDwarf.Open(elf);
        if (dwarf.Info.IsEmpty && dwarf.Types.IsEmpty)
            throw new DwarfAbiException("dwarf_get_units failed: no debugging information?");

        var map = new DieMap();
        var fqns = new FqnResolver();
        var privates = new PrivateDefinitions();
        var dumper = new DieDumper(log, options.DumpDies || options.DumpDieMap, options.DumpDieMap);
        var walker = new TypeWalker(map, fqns, rules, options.Stable, dumper, privates);
        var exports = new ExportWalker(symbols, walker, fqns, privates, dumper, log);
        foreach (var unit in dwarf.Units)
            exports.ProcessUnit(unit);

        var types = new TypeMap(log, options.DumpTypes);
        var flattener = new TypeFlattener(map, log);
        MapTypes(map, types, flattener, rules);
        ComputeVersions(symbols, dwarf, map, types, flattener, rules);
        return options.Symtypes ? types.Symtypes() : null;
    }

    /// <summary>Every named type rendered anywhere in the object enters the type map, the longest text winning.</summary>
    private void MapTypes(DieMap map, TypeMap types, TypeFlattener flattener, KabiRules rules)
    {
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
            if (flattener.TypeName(entry) is not { } name)
                continue;
            log.Debug("expand_type", name);
            types.Add(name, Expand(name, entry, flattener, rules));
        }
    }

    private TypeExpansion Expand(string name, DieEntry entry, TypeFlattener flattener, KabiRules rules) =>
        options.Stable && rules.TryGetTypeString(name, out string text)
            ? TypeStringParser.Parse(name, text)
            : flattener.Flatten(name, entry);

    private void ComputeVersions(ExportedSymbols symbols, DwarfData dwarf, DieMap map, TypeMap types, TypeFlattener flattener, KabiRules rules)
    {
        var calculator = new VersionCalculator(types, rules, options.Stable);
        foreach (var symbol in symbols.InHashOrder)
        {
            // An alias already has its CRC; it is expanded again only for its symtypes line.
            if (!options.Symtypes && symbol.State == SymbolState.Processed)
                continue;
            if (symbol.Die is not { } die || die.Unit.Dwarf != dwarf || !map.TryGet(die.Key, DieState.Symbol, out var entry))
                continue;
            var expansion = Expand(symbol.Name, entry, flattener, rules);
            if (symbol.State != SymbolState.Processed)
            {
                var (crc, text) = calculator.Calculate(expansion, options.DumpVersions);
                symbols.SetCrc(symbol, crc, log);
                log.Debug("expand_symbol", $"{symbol.Name} = {crc:x}");
                if (text is not null)
                    log.Write($"{symbol.Name} {text}\n");
            }
            if (options.Symtypes)
                types.Add(symbol.Name, expansion);
        }
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
