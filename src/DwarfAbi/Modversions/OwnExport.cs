namespace DwarfAbi.Modversions;

/// <summary>A symbol the module itself exports, from its <c>.export_symbol</c> records.</summary>
public sealed record OwnExport(string Name, bool GplOnly, string Namespace, bool IsFunction);

/// <summary>An undefined symbol modpost considers, in symbol-table order, name already cleaned.</summary>
public readonly record struct ImportCandidate(string Name, bool Weak);
