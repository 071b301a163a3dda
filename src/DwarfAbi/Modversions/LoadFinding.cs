namespace DwarfAbi.Modversions;

public enum LoadFindingKind
{
    /// <summary>The object is not a module, or a version table is malformed (the loader says -ENOEXEC).</summary>
    Malformed,
    VermagicMismatch,
    UnknownSymbol,
    GplOnlySymbol,
    CrcMismatch,
    NoVersionTables,
    MissingNamespaceImport,
    /// <summary>Not fatal: the loader only warns that a symbol has no version entry.</summary>
    NoSymbolVersion,
}

/// <summary>One decision of the module loader about a module, with the CRCs it compared.</summary>
public sealed record LoadFinding(LoadFindingKind Kind, string? Symbol, ulong? ModuleCrc, uint? KernelCrc, string Message)
{
    public bool Fatal => Kind != LoadFindingKind.NoSymbolVersion;

    public string Format(string module)
    {
        string crcs = Kind is LoadFindingKind.CrcMismatch or LoadFindingKind.UnknownSymbol or LoadFindingKind.GplOnlySymbol
            or LoadFindingKind.NoSymbolVersion or LoadFindingKind.NoVersionTables
            ? $" (module {Crc(ModuleCrc)}, kernel {Crc(KernelCrc)})"
            : "";
        return Symbol is null ? $"{module}: {Message}" : $"{module}: {Symbol}: {Message}{crcs}";
    }

    private static string Crc(ulong? crc) => crc is { } c ? $"0x{c:x8}" : "none";
}
