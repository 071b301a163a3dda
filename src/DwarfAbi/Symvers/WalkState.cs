using DwarfAbi.Dwarf;

namespace DwarfAbi.Symvers;

/// <summary>
/// The state of building one exported symbol's type string. The fields are shared by the whole
/// walk, not scoped to a DIE: that sharing is part of the reference's output (a renamed member
/// name found deep inside a member's type also renames that member).
/// </summary>
internal sealed class WalkState
{
    /// <summary>Whether the next list item is the first of its list (no comma before it).</summary>
    public bool FirstListItem { get; set; }

    /// <summary>False while inside an aggregate that must not be expanded.</summary>
    public bool Expand { get; set; } = true;

    /// <summary>The fqn of the aggregate being expanded; enumerator rules are looked up under it.</summary>
    public string? CurrentFqn { get; set; }

    /// <summary>Aggregates already expanded for this symbol: later visits print them unexpanded.</summary>
    public HashSet<long> Expanded { get; } = [];

    /// <summary>The original member name of a <c>__kabi_renamed</c> placeholder, from the last reserved union seen.</summary>
    public string? OriginalName { get; set; }
}
