using DwarfAbi.Dwarf;

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
internal readonly struct DieFragment
{
    private DieFragment(FragmentKind kind, string? text, int delta, Die child)
    {
        Kind = kind;
        Text = text;
        Delta = delta;
        Child = child;
    }

    public FragmentKind Kind { get; }
    public string? Text { get; }
    public int Delta { get; }
    public Die Child { get; }

    public static DieFragment ForText(string text) => new(FragmentKind.Text, text, 0, default);
    public static DieFragment ForLinebreak(int delta) => new(FragmentKind.Linebreak, null, delta, default);
    public static DieFragment ForChild(Die child) => new(FragmentKind.Child, null, 0, child);
}
