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

/// <summary>
/// A die_map entry: the DIE, its state, tag, fully qualified name and fragments. The fragments
/// live in the owning map's store, which also resolves their texts and children.
/// </summary>
internal sealed class DieEntry(DieMap owner, int index, Die die)
{
    public DieMap Owner { get; } = owner;
    /// <summary>The entry's place in its map's creation order: what a parent's child fragment holds.</summary>
    public int Index { get; } = index;
    public Die Die { get; } = die;
    public long Key => Die.Key;
    public DieState State { get; private set; } = DieState.Incomplete;
    public ushort Tag { get; set; }
    /// <summary>Null until the grammar asks for the name; empty for unnamed DIEs.</summary>
    public string? Fqn { get; set; }
    private List<DieFragment>? _builder;
    private int _start;
    private int _count;

    /// <summary>The fragments, final once the entry is complete; appended to only while it is rendered.</summary>
    public ReadOnlySpan<DieFragment> Fragments => Owner.Fragments(_start, _count);

    public string TextOf(DieFragment fragment) => Owner.Text(fragment.Payload);

    public DieEntry ChildOf(DieFragment fragment) => Owner.Entry(fragment.Payload);

    public void AppendText(string text, Stack<List<DieFragment>> pool) => Append(DieFragment.ForText(Owner.TextId(text)), pool);

    public void AppendLinebreak(int delta, Stack<List<DieFragment>> pool) => Append(DieFragment.ForLinebreak(delta), pool);

    public void AppendChild(DieEntry child, Stack<List<DieFragment>> pool)
    {
        if (child.Owner != Owner)
            throw new InvalidOperationException("a die map entry's child belongs to another map");
        Append(DieFragment.ForChild(child.Index), pool);
    }

    /// <summary>
    /// Appends while rendering, into a pooled list: children are rendered in between, so an
    /// entry's fragments are only known to be complete at the end (see <see cref="Seal"/>).
    /// </summary>
    private void Append(DieFragment fragment, Stack<List<DieFragment>> pool)
    {
        _builder ??= pool.Count > 0 ? pool.Pop() : [];
        _builder.Add(fragment);
    }

    /// <summary>Moves the rendered fragments into the map's store and gives the list back to the pool.</summary>
    public void Seal(DieState state, Stack<List<DieFragment>> pool)
    {
        State = state;
        if (_builder is null)
            return;
        _start = Owner.Store(_builder);
        _count = _builder.Count;
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
