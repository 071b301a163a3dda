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
internal sealed class DieEntry(Die die)
{
    public Die Die { get; } = die;
    public long Key => Die.Key;
    public DieState State { get; private set; } = DieState.Incomplete;
    public ushort Tag { get; set; }
    /// <summary>Null until the grammar asks for the name; empty for unnamed DIEs.</summary>
    public string? Fqn { get; set; }
    private List<DieFragment>? _builder;

    /// <summary>The fragments, final once the entry is complete; appended to only while it is rendered.</summary>
    public DieFragment[] Fragments { get; private set; } = [];

    /// <summary>
    /// Appends while rendering, into a pooled list: children are rendered in between, so an
    /// entry's fragments are only known to be complete at the end (see <see cref="Seal"/>).
    /// </summary>
    public void Append(DieFragment fragment, Stack<List<DieFragment>> pool)
    {
        _builder ??= pool.Count > 0 ? pool.Pop() : [];
        _builder.Add(fragment);
    }

    /// <summary>Moves the rendered fragments into an exact-size array and gives the list back to the pool.</summary>
    public void Seal(DieState state, Stack<List<DieFragment>> pool)
    {
        State = state;
        if (_builder is null)
            return;
        Fragments = [.. _builder];
        _builder.Clear();
        pool.Push(_builder);
        _builder = null;
    }
    /// <summary>The byte length of the flattened text, once worked out; -1 before.</summary>
    public int FlatLength { get; set; } = -1;
    /// <summary>Set once the entry has been considered for the type map.</summary>
    public bool Mapped { get; set; }

    public override string ToString() => $"0x{Key:x} {State} {Fqn}";
}
