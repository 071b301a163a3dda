using DwarfAbi.Dwarf;

namespace DwarfAbi.Symvers;

/// <summary>
/// What a DIE was rendered to in one state. The states are kept apart because an aggregate's
/// text differs between its first visit in a symbol (expanded) and later ones.
/// </summary>
internal enum DieState : byte
{
    Incomplete,
    Unexpanded,
    Complete,
    Symbol,
}

/// <summary>A die_map entry: the DIE, its state, tag, fully qualified name and fragments.</summary>
internal sealed class DieEntry(Die die, DieState wanted)
{
    public Die Die { get; } = die;
    public long Key => Die.Key;
    /// <summary>The state the entry is stored under; <see cref="State"/> reaches it once processing is done.</summary>
    public DieState Wanted { get; } = wanted;
    public DieState State { get; set; } = DieState.Incomplete;
    public ushort Tag { get; set; }
    /// <summary>Null until the grammar asks for the name; empty for unnamed DIEs.</summary>
    public string? Fqn { get; set; }
    public List<DieFragment> Fragments { get; } = [];
    /// <summary>Set once the entry has been considered for the type map.</summary>
    public bool Mapped { get; set; }

    public override string ToString() => $"0x{Key:x} {State} {Fqn}";
}
