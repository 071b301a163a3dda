using DwarfAbi.Dwarf;

namespace DwarfAbi.Symvers;

/// <summary>
/// Fully qualified names, computed for a whole unit before anything is rendered. Only
/// namespaces, classes and structures pass a <c>::</c> prefix to their children (so Rust
/// paths such as <c>core::option::Option&lt;u32&gt;</c> come out, while C names stay bare).
/// </summary>
/// <remarks>
/// Only qualified names that differ from the DIE's own name are stored, and only for the tags
/// whose name the grammar prints (types and enumerators): members and parameters print their
/// plain DW_AT_name, so the millions of struct members in a kernel never need a stored name.
/// </remarks>
internal sealed class FqnResolver(TextPool pool)
{
    private readonly Dictionary<long, string> _qualified = [];
    private readonly List<string?> _prefixes = [];

    public string Get(Die die) => _qualified.TryGetValue(die.Key, out string? fqn) ? fqn : pool.Name(die) ?? "";

    public void Resolve(Unit unit)
    {
        _prefixes.Clear();
        var cursor = unit.Cursor();
        while (cursor.MoveNext())
        {
            var die = cursor.Current;
            if (die.IsNull)
                continue;
            int depth = cursor.CurrentDepth;
            // The unit itself passes nothing down.
            string? childPrefix = depth == 0 ? null : Visit(die, _prefixes[depth - 1]);
            if (!die.HasChildren)
                continue;
            while (_prefixes.Count <= depth)
                _prefixes.Add(null);
            _prefixes[depth] = childPrefix;
        }
    }

    /// <summary>Records the DIE's name if qualified; returns the prefix its children get.</summary>
    private string? Visit(Die die, string? prefix)
    {
        bool passesPrefix = die.Tag is DwTag.Namespace or DwTag.ClassType or DwTag.StructureType;
        if (prefix is null)
            return passesPrefix ? pool.Name(die) : null;
        bool printed = PrintsName(die.Tag);
        if (!passesPrefix && !printed)
            return null;
        string? name = pool.Name(die);
        if (!passesPrefix && name is null)
            return null;
        string qualified = $"{prefix}::{name ?? "<anonymous>"}";
        if (printed && name is not null)
            _qualified[die.Key] = qualified;
        return passesPrefix ? qualified : null;
    }

    private static bool PrintsName(ushort tag) => tag is DwTag.BaseType or DwTag.Typedef or DwTag.TemplateTypeParameter
        or DwTag.ClassType or DwTag.StructureType or DwTag.UnionType or DwTag.EnumerationType or DwTag.Enumerator
        or DwTag.AtomicType or DwTag.ConstType or DwTag.ImmutableType or DwTag.PackedType or DwTag.PointerType
        or DwTag.ReferenceType or DwTag.RestrictType or DwTag.RvalueReferenceType or DwTag.SharedType or DwTag.VolatileType;
}
