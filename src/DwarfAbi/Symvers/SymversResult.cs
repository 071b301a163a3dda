namespace DwarfAbi.Symvers;

/// <summary>What a run produces: the <c>#SYMVER</c> lines and, if asked for, the symtypes text.</summary>
public sealed record SymversResult(string Versions, string? Symtypes);
