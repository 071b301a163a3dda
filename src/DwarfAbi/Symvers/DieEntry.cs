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
/// A die_map entry: the DIE, its state, tag, fully qualified name and fragments. A handle (the
/// map and the entry's place in it) over the map's store, which also resolves the fragments'
/// texts and children.
/// </summary>
internal readonly struct DieEntry(DieMap owner, int index) : IEquatable<DieEntry>
{
    public DieMap Owner { get; } = owner;
    /// <summary>The entry's place in its map's creation order: what a parent's child fragment holds.</summary>
    public int Index { get; } = index;

    private ref DieMap.EntryData Data => ref Owner.DataOf(Index);

    public long Key => Data.Key;
    public Die Die => Owner.DieOf(Index);
    public DieState State => Data.State;

    public ushort Tag
    {
        get => Data.Tag;
        set => Data.Tag = value;
    }

    /// <summary>Null until the grammar asks for the name; empty for unnamed DIEs.</summary>
    public string? Fqn
    {
        get => Data.FqnId < 0 ? null : Owner.Text(Data.FqnId);
        set => Data.FqnId = value is null ? -1 : Owner.TextId(value);
    }

    /// <summary>The fragments, final once the entry is complete; appended to only while it is rendered.</summary>
    public ReadOnlySpan<DieFragment> Fragments => Owner.Fragments(Data.FragmentStart, Data.FragmentCount);

    public string TextOf(DieFragment fragment) => Owner.Text(fragment.Payload);

    /// <summary>The UTF-8 length of a text fragment, once the map is frozen.</summary>
    public int TextBytesOf(DieFragment fragment) => Owner.TextBytes(fragment.Payload);

    public DieEntry ChildOf(DieFragment fragment) => new(Owner, fragment.Payload);

    public void AppendText(string text) => Owner.Append(Index, DieFragment.ForText(Owner.TextId(text)));

    public void AppendLinebreak(int delta) => Owner.Append(Index, DieFragment.ForLinebreak(delta));

    public void AppendChild(DieEntry child)
    {
        if (child.Owner != Owner)
            throw new InvalidOperationException("a die map entry's child belongs to another map");
        Owner.Append(Index, DieFragment.ForChild(child.Index));
    }

    /// <summary>Ends the rendering: the appended fragments become the entry's, in the map's store.</summary>
    public void Seal(DieState state) => Owner.Seal(Index, state);

    /// <summary>The byte length of the flattened text, once worked out; -1 before.</summary>
    public int FlatLength
    {
        get => Data.FlatLength;
        set => Data.FlatLength = value;
    }

    /// <summary>Set once the entry has been considered for the type map.</summary>
    public bool Mapped
    {
        get => Data.Mapped;
        set => Data.Mapped = value;
    }

    public bool Equals(DieEntry other) => Owner == other.Owner && Index == other.Index;

    public override bool Equals(object? obj) => obj is DieEntry other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(Owner, Index);

    public override string ToString() => $"0x{Key:x} {State} {Fqn}";
}
