namespace DwarfAbi.Modversions;

/// <summary>The modpost switches that shape the version tables and the generated C.</summary>
public sealed record ModpostOptions
{
    /// <summary><c>-m</c> (CONFIG_MODVERSIONS): append <c>module_layout</c>, write own exports' CRCs.</summary>
    public bool Modversions { get; init; } = true;

    /// <summary><c>-b</c>: the legacy <c>__versions</c> table.</summary>
    public bool Basic { get; init; } = true;

    /// <summary><c>-x</c>: the extended tables.</summary>
    public bool Extended { get; init; }

    /// <summary><c>-e</c>: an external module, so no <c>MODULE_INFO(intree, "Y")</c>.</summary>
    public bool External { get; init; } = true;

    /// <summary><c>-w</c>: unresolved symbols are warnings, not errors.</summary>
    public bool WarnUnresolved { get; init; }

    /// <summary><c>-N</c>: a missing namespace import is a warning, not an error.</summary>
    public bool AllowMissingNamespaces { get; init; }
}

/// <summary>A modpost diagnostic; the text is modpost's, without its <c>ERROR: modpost: </c> prefix.</summary>
public sealed record ModpostMessage(bool IsError, string Text)
{
    public string Format() => $"{(IsError ? "ERROR" : "WARNING")}: modpost: {Text}";
}

/// <summary>An import that resolved, as the tables will name it.</summary>
public sealed record ResolvedImport(string Name, KernelExport Export);
