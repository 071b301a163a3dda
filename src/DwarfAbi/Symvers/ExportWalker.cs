using DwarfAbi.Dwarf;

namespace DwarfAbi.Symvers;

/// <summary>
/// Finds the exported symbols in each unit and renders their type strings: the FQN pass, then
/// subprograms and variables (also inside namespaces and impl blocks), then symbols known only
/// through a <c>__gendwarfksyms_ptr_</c> variable. The first matching DIE in DWARF order wins.
/// </summary>
internal sealed class ExportWalker(ExportedSymbols symbols, TypeWalker walker, FqnResolver fqns, PrivateDefinitions privates, DieDumper dumper, SymversLog log)
{
    public void ProcessUnit(Unit unit)
    {
        fqns.Resolve(unit);
        FindExports(unit.Root);
        foreach (var symbol in symbols.InHashOrder)
            ProcessPointer(symbol, unit.Dwarf);
        privates.Reset();
    }

    private void FindExports(Die container)
    {
        if (!container.HasChildren)
            return;
        foreach (var die in container.Children())
        {
            switch (die.Tag)
            {
                case DwTag.Namespace or DwTag.ClassType or DwTag.StructureType:
                    FindExports(die);
                    break;
                case DwTag.Subprogram or DwTag.Variable:
                    Candidate(die);
                    break;
            }
        }
    }

    private void Candidate(Die die)
    {
        // An out-of-line instance takes its types, and possibly its name, from the abstract origin.
        bool hasOrigin = die.TryRef(DwAt.AbstractOrigin, out var origin);
        var source = hasOrigin ? origin : die;
        var symbol = symbols.Unprocessed(die.SymbolName());
        if (symbol is null && hasOrigin)
            symbol = symbols.Unprocessed(source.SymbolName());
        if (symbol is null)
            return;
        if (ExportedSymbols.IsPointerName(source.SymbolName()))
            RememberPointer(symbol, source);
        else
            ProcessSymbol(symbol, source, die.Tag == DwTag.Subprogram);
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

    private void ProcessPointer(ExportedSymbol symbol, DwarfData dwarf)
    {
        if (symbol.State != SymbolState.Unprocessed || symbol.PointerDie is not { } die || die.Unit.Dwarf != dwarf)
            return;
        log.Debug("process_symbol_ptr", symbol.Name);
        ProcessSymbol(symbol, die, die.Tag == DwTag.SubroutineType);
    }

    private void ProcessSymbol(ExportedSymbol symbol, Die die, bool isSubprogram)
    {
        symbols.SetDie(symbol, die);
        var entry = walker.Map.GetOrCreate(die, DieState.Symbol);
        if (entry.State != DieState.Incomplete)
            return; // an alias already rendered this DIE
        entry.Tag = die.Tag;
        log.Debug("process_symbol", symbol.Name);
        walker.ProcessRoot(new WalkState(), entry, die, isSubprogram);
        dumper.EndOfSymbol();
    }
}
