using DwarfAbi.Dwarf;

namespace DwarfAbi.Symvers;

/// <summary>A subprogram or variable whose name (or its abstract origin's) is in the export list.</summary>
internal readonly record struct ExportCandidate(Die Die, Die Source, bool HasOrigin, string? DieName, string? SourceName);

/// <summary>A symbol bound to a DIE whose type string is to be rendered.</summary>
internal readonly record struct SymbolRender(ExportedSymbol Symbol, Die Die, bool IsSubprogram, bool ViaPointer);

/// <summary>
/// Finds the exported symbols in each unit and renders their type strings, in three steps that
/// can be scheduled apart: finding the candidate DIEs of a unit (reads only the unit), binding
/// them to symbols (in unit order, since the first matching DIE in DWARF order wins; symbols
/// known only through a <c>__gendwarfksyms_ptr_</c> variable come last in their unit), and
/// rendering the bound DIEs.
/// </summary>
internal sealed class ExportWalker(ExportedSymbols symbols, SymversLog log)
{
    /// <summary>The candidates of a unit, lazily: a sequential pass renders each before reading further.</summary>
    public IEnumerable<ExportCandidate> FindCandidates(Unit unit) => FindCandidates(unit.Root);

    private IEnumerable<ExportCandidate> FindCandidates(Die container)
    {
        if (!container.HasChildren)
            yield break;
        foreach (var die in container.Children())
        {
            switch (die.Tag)
            {
                case DwTag.Namespace or DwTag.ClassType or DwTag.StructureType:
                    foreach (var nested in FindCandidates(die))
                        yield return nested;
                    break;
                case DwTag.Subprogram or DwTag.Variable:
                    // An out-of-line instance takes its types, and possibly its name, from the abstract origin.
                    bool hasOrigin = die.TryRef(DwAt.AbstractOrigin, out var origin);
                    string? name = die.SymbolName();
                    string? sourceName = hasOrigin ? origin.SymbolName() : name;
                    if (symbols.IsListed(name) || (hasOrigin && symbols.IsListed(sourceName)))
                        yield return new ExportCandidate(die, hasOrigin ? origin : die, hasOrigin, name, sourceName);
                    break;
            }
        }
    }

    /// <summary>Binds a unit's candidates to the symbols still unprocessed, in order, as the renderings are asked for.</summary>
    public IEnumerable<SymbolRender> Bind(Unit unit, IEnumerable<ExportCandidate> candidates)
    {
        foreach (var c in candidates)
        {
            var symbol = symbols.Unprocessed(c.DieName);
            if (symbol is null && c.HasOrigin)
                symbol = symbols.Unprocessed(c.SourceName);
            if (symbol is null)
                continue;
            if (ExportedSymbols.IsPointerName(c.SourceName))
                RememberPointer(symbol, c.Source);
            else
                yield return BindSymbol(symbol, c.Source, c.Die.Tag == DwTag.Subprogram, viaPointer: false);
        }
        foreach (var symbol in symbols.InHashOrder)
        {
            if (symbol.State == SymbolState.Unprocessed && symbol.PointerDie is { } die && die.Unit.Dwarf == unit.Dwarf)
                yield return BindSymbol(symbol, die, die.Tag == DwTag.SubroutineType, viaPointer: true);
        }
    }

    private SymbolRender BindSymbol(ExportedSymbol symbol, Die die, bool isSubprogram, bool viaPointer)
    {
        symbols.SetDie(symbol, die);
        return new SymbolRender(symbol, die, isSubprogram, viaPointer);
    }

    private void RememberPointer(ExportedSymbol symbol, Die variable)
    {
        if (!variable.TryRef(DwAt.Type, out var pointer) || pointer.Tag != DwTag.PointerType)
            throw new DwarfAbiException($"{variable.SymbolName()} must be a pointer type!", variable.Offset);
        if (!pointer.TryRef(DwAt.Type, out var target))
            throw new DwarfAbiException($"{variable.SymbolName()} pointer missing a type attribute?", variable.Offset);
        // A function is versioned through its subroutine type; anything else through the pointer,
        // whose pointee then becomes the variable's type.
        symbols.SetPointer(symbol, target.Tag == DwTag.SubroutineType ? target : pointer);
    }

    public void Render(IEnumerable<SymbolRender> renders, TypeWalker walker, DieDumper dumper)
    {
        foreach (var r in renders)
        {
            if (r.ViaPointer)
                log.Debug("process_symbol_ptr", r.Symbol.Name);
            var entry = walker.Map.GetOrCreate(r.Die, DieState.Symbol);
            if (entry.State != DieState.Incomplete)
                continue; // an alias already rendered this DIE
            entry.Tag = r.Die.Tag;
            log.Debug("process_symbol", r.Symbol.Name);
            walker.ProcessRoot(new WalkState(), entry, r.Die, r.IsSubprogram);
            dumper.EndOfSymbol();
        }
    }
}
