namespace DwarfAbi.Symvers;

/// <summary>
/// The exported-symbol table: names from the symbol list, their addresses from the ELF symbol
/// tables, and the alias relation (same section and value). Every update made through a name
/// also reaches that name's aliases, as in the reference tool.
/// </summary>
public sealed class ExportedSymbols
{
    public const string PointerPrefix = "__gendwarfksyms_ptr_";

    private readonly Dictionary<string, ExportedSymbol> _byName = new(StringComparer.Ordinal);
    private readonly List<ExportedSymbol> _symbols = [];
    // Newest first, matching the reference's bucket order when it walks aliases.
    private readonly Dictionary<SymbolAddress, List<ExportedSymbol>> _byAddress = [];
    private ExportedSymbol[]? _hashOrder;

    public int Count => _symbols.Count;

    /// <summary>
    /// Symbols in the reference's hash-table order: bucket 0 to 4095 of the name hash, the symbol
    /// added last first within a bucket. Both the output lines and the version pass use it.
    /// </summary>
    public IReadOnlyList<ExportedSymbol> InHashOrder => _hashOrder ??=
        [.. _symbols.OrderBy(s => s.Bucket).ThenByDescending(s => s.Order)];

    /// <summary>Adds a name; a duplicate is ignored. Returns whether it was new.</summary>
    public bool Add(string name)
    {
        if (_byName.ContainsKey(name))
            return false;
        var symbol = new ExportedSymbol(name, _symbols.Count);
        _byName.Add(name, symbol);
        _symbols.Add(symbol);
        _hashOrder = null;
        return true;
    }

    public static bool IsPointerName(string? name) => name is not null && name.StartsWith(PointerPrefix, StringComparison.Ordinal);

    /// <summary>Whether a DWARF name, after stripping the pointer prefix, is in the list. Only reads the table.</summary>
    internal bool IsListed(string? name)
    {
        if (string.IsNullOrEmpty(name))
            return false;
        return _byName.ContainsKey(IsPointerName(name) ? name[PointerPrefix.Length..] : name);
    }

    /// <summary>What binding DIEs changes in each symbol, to undo a pass that is started again.</summary>
    internal (SymbolState State, Dwarf.Die? Die, Dwarf.Die? PointerDie)[] SaveBindings() =>
        [.. _symbols.Select(s => (s.State, s.Die, s.PointerDie))];

    internal void RestoreBindings((SymbolState State, Dwarf.Die? Die, Dwarf.Die? PointerDie)[] saved)
    {
        for (int i = 0; i < saved.Length; i++)
            (_symbols[i].State, _symbols[i].Die, _symbols[i].PointerDie) = saved[i];
    }

    /// <summary>
    /// The symbol and its aliases for a DWARF or ELF name, after stripping the pointer prefix:
    /// the named symbol first, then the others at its address.
    /// </summary>
    internal IEnumerable<ExportedSymbol> WithAliases(string? name)
    {
        if (string.IsNullOrEmpty(name))
            yield break;
        if (IsPointerName(name))
            name = name[PointerPrefix.Length..];
        if (!_byName.TryGetValue(name, out var symbol))
            yield break;
        yield return symbol;
        if (symbol.Address is not { } address)
            yield break;
        foreach (var alias in _byAddress[address].ToArray())
        {
            if (alias != symbol)
                yield return alias;
        }
    }

    /// <summary>
    /// The symbol a DIE name can still be bound to, or null. Like the reference, the last
    /// unprocessed one of the name's alias group is returned.
    /// </summary>
    internal ExportedSymbol? Unprocessed(string? name) =>
        WithAliases(name).LastOrDefault(s => s.State == SymbolState.Unprocessed);

    /// <summary>Records an ELF definition of a listed name; a second, different address keeps the first.</summary>
    internal void SetAddress(string name, SymbolAddress address, SymversLog log)
    {
        foreach (var symbol in WithAliases(name).ToArray())
        {
            if (symbol.Address is null)
            {
                symbol.Address = address;
                if (!_byAddress.TryGetValue(address, out var list))
                    _byAddress[address] = list = [];
                list.Insert(0, symbol);
                log.Debug("set_symbol_addr", $"{symbol.Name} -> {{ {address.Section}, {address.Value:x} }}");
            }
            else if (symbol.Address != address)
            {
                log.Warn("set_symbol_addr", $"multiple addresses for symbol {symbol.Name}?");
            }
        }
    }

    internal void SetDie(ExportedSymbol symbol, Dwarf.Die die)
    {
        foreach (var s in WithAliases(symbol.Name))
        {
            s.Die = die;
            s.State = SymbolState.Mapped;
        }
    }

    internal void SetPointer(ExportedSymbol symbol, Dwarf.Die die)
    {
        foreach (var s in WithAliases(symbol.Name))
            s.PointerDie = die;
    }

    internal void SetCrc(ExportedSymbol symbol, uint crc, SymversLog log)
    {
        foreach (var s in WithAliases(symbol.Name))
        {
            if (s.State == SymbolState.Processed && s.Crc != crc)
                log.Warn("set_crc", $"overriding version for symbol {s.Name} (crc {s.Crc:x} vs. {crc:x})");
            s.State = SymbolState.Processed;
            s.Crc = crc;
        }
    }
}
