using DwarfAbi.Dwarf;

namespace DwarfAbi.Symvers;

/// <summary>
/// Fully qualified names, computed for a whole unit before anything is rendered. Only
/// namespaces, classes and structures pass a <c>::</c> prefix to their children (so Rust
/// paths such as <c>core::option::Option&lt;u32&gt;</c> come out, while C names stay bare).
/// </summary>
internal sealed class FqnResolver
{
    private readonly Dictionary<long, string> _names = [];

    public string? Get(Die die) => _names.GetValueOrDefault(die.Key);

    public void Resolve(Unit unit)
    {
        foreach (var child in unit.Root.Children())
            Resolve(child, null);
    }

    private void Resolve(Die die, string? prefix)
    {
        // A DIE named once keeps its name (with its subtree) for the rest of the object.
        if (_names.ContainsKey(die.Key))
            return;
        bool passesPrefix = die.Tag is DwTag.Namespace or DwTag.ClassType or DwTag.StructureType;
        string? name = die.Name;
        string fqn = "";
        string? childPrefix = null;
        if (prefix is not null && (passesPrefix || name is not null))
        {
            string qualified = $"{prefix}::{name ?? "<anonymous>"}";
            if (passesPrefix)
                childPrefix = qualified;
            if (name is not null)
                fqn = qualified;
        }
        else if (name is not null)
        {
            fqn = name;
            if (passesPrefix)
                childPrefix = fqn;
        }
        if (fqn.Length > 0)
            _names[die.Key] = fqn;
        if (die.HasChildren)
        {
            foreach (var child in die.Children())
                Resolve(child, childPrefix);
        }
    }
}
