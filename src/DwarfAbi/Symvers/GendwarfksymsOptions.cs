namespace DwarfAbi.Symvers;

/// <summary>The switches of a gendwarfksyms run.</summary>
public sealed record GendwarfksymsOptions
{
    /// <summary>kABI rules and <c>__kabi_</c> conventions (<c>--stable</c>).</summary>
    public bool Stable { get; init; }
    /// <summary>Build the symtypes text (<c>--symtypes</c>); symbol names then enter the type map too.</summary>
    public bool Symtypes { get; init; }
    public bool DumpDies { get; init; }
    public bool DumpDieMap { get; init; }
    public bool DumpTypes { get; init; }
    public bool DumpVersions { get; init; }
}
