namespace DwarfAbi.AbiDiff;

public enum ChangeKind
{
    /// <summary>Text or an attribute of the same construct differs.</summary>
    Changed,
    Added,
    Removed,
    Renamed,
    /// <summary>A member or enumerator kept its name but changed position.</summary>
    Moved,
}

/// <summary>
/// One difference inside a single type string: where (steps such as <c>member b</c>), what
/// aspect (<c>type</c>, <c>name</c>, <c>position</c> or an attribute such as
/// <c>data_member_location</c>) and the old and new text.
/// </summary>
public sealed record TypeChange(IReadOnlyList<string> Path, ChangeKind Kind, string What, string? Old, string? New)
{
    /// <summary>Identifies the change independently of its texts, to match a plain change with its stable counterpart.</summary>
    public string Signature => $"{string.Join(" / ", Path)}|{What}|{Kind}";

    public override string ToString() => $"{string.Join(" → ", Path)}: {What} {Kind}: {Old} → {New}";
}
