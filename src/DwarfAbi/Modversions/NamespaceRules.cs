namespace DwarfAbi.Modversions;

/// <summary>Whether a module may use an export of a namespace: both modpost and the loader ask this.</summary>
public static class NamespaceRules
{
    private const string ModulePrefix = "module:";

    /// <summary>
    /// A namespace must be imported by name; a <c>module:</c> namespace (an export restricted to
    /// named modules) instead lists module names, with <c>*</c> wildcards.
    /// </summary>
    public static bool IsImported(string ns, IReadOnlyList<string> imports, string moduleName) =>
        ns.Length == 0
        || imports.Contains(ns)
        || (ns.StartsWith(ModulePrefix, StringComparison.Ordinal)
            && ns[ModulePrefix.Length..].Split(',').Any(pattern => Glob.Matches(pattern, moduleName)));
}
