namespace DwarfAbi.Modversions;

/// <summary>modpost's treatment of an undefined symbol's name before it becomes a table entry.</summary>
public static class ImportName
{
    /// <summary>Linker-provided and self references that are never looked up.</summary>
    public static bool IsIgnored(string name) =>
        name is "__this_module" or "_GLOBAL_OFFSET_TABLE_"
        || name.StartsWith("__start_", StringComparison.Ordinal)
        || name.StartsWith("__stop_", StringComparison.Ordinal);

    /// <summary>
    /// Cuts a compiler suffix such as <c>.123</c> (digits after the first dot, up to another dot
    /// or the end), unless the dot is the first character: <c>kfree.123</c> is <c>kfree</c>,
    /// <c>_printk.42x</c> stays as it is.
    /// </summary>
    public static string StripNumericSuffix(string name)
    {
        int dot = name.IndexOf('.');
        if (dot <= 0)
            return name;
        int end = dot + 1;
        while (end < name.Length && char.IsAsciiDigit(name[end]))
            end++;
        bool cut = end > dot + 1 && (end == name.Length || name[end] == '.');
        return cut ? name[..dot] : name;
    }

    /// <summary>The key an import is looked up by: one leading dot (PPC64 ELFv1 code symbols) does not count.</summary>
    public static string LookupKey(string name) => name.StartsWith('.') ? name[1..] : name;
}
