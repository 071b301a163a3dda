namespace DwarfAbi.Symvers;

internal enum FragmentKind : byte
{
    Text,
    Linebreak,
    Child,
}

/// <summary>
/// One piece of a DIE's type string: literal text, a line break (indentation delta +1, 0 or -1;
/// it flattens to one space), or a reference to a child DIE whose own entry holds its text.
/// </summary>
/// <remarks>
/// Four bytes and no object reference: a kernel's die maps hold tens of millions of fragments,
/// and references would make the garbage collector trace every one of them. Text and children
/// are numbers that the owning <see cref="DieMap"/> resolves (<see cref="DieEntry.TextOf"/>,
/// <see cref="DieEntry.ChildOf"/>).
/// </remarks>
internal readonly struct DieFragment
{
    private const int KindBits = 2;
    // The payload is what remains above the kind; ids beyond it would need a map of a billion entries.
    public const int MaxPayload = int.MaxValue >> KindBits;

    private readonly int _bits;

    private DieFragment(FragmentKind kind, int payload)
    {
        if (payload > MaxPayload || payload < -MaxPayload)
            throw new InvalidOperationException($"die map fragment payload {payload} out of range");
        _bits = payload << KindBits | (int)kind;
    }

    public FragmentKind Kind => (FragmentKind)(_bits & ((1 << KindBits) - 1));

    /// <summary>The text id, the child's index in its map, or the line break's delta.</summary>
    public int Payload => _bits >> KindBits;

    public int Delta => Payload;

    public static DieFragment ForText(int textId) => new(FragmentKind.Text, textId);
    public static DieFragment ForLinebreak(int delta) => new(FragmentKind.Linebreak, delta);
    public static DieFragment ForChild(int childIndex) => new(FragmentKind.Child, childIndex);
}
