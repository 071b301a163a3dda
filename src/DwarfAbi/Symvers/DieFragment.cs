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
/// Kept to two words: a kernel object has millions of them.
/// </summary>
internal readonly struct DieFragment
{
    private readonly object? _value;

    private DieFragment(object? value, int delta)
    {
        _value = value;
        Delta = delta;
    }

    public FragmentKind Kind => _value switch
    {
        string => FragmentKind.Text,
        null => FragmentKind.Linebreak,
        _ => FragmentKind.Child,
    };

    public string? Text => _value as string;
    public int Delta { get; }
    /// <summary>The child's entry in the state it was rendered in; only its DIE matters when reading.</summary>
    public DieEntry Child => (DieEntry)_value!;

    public static DieFragment ForText(string text) => new(text, 0);
    public static DieFragment ForLinebreak(int delta) => new(null, delta);
    public static DieFragment ForChild(DieEntry child) => new(child, 0);
}
