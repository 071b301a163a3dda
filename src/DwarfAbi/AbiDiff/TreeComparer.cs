namespace DwarfAbi.AbiDiff;

/// <summary>
/// The differences between two versions of one type string, without following references:
/// a reference that names the same type is equal here, the referenced type is compared on its
/// own. Parameters are matched by position; members, enumerators and variants by name, then by
/// offset, then by position among the rest.
/// </summary>
public static class TreeComparer
{
    public static List<TypeChange> Compare(TypeNode old, TypeNode @new)
    {
        var changes = new List<TypeChange>();
        Node(old, @new, [], changes);
        return changes;
    }

    private static void Node(TypeNode old, TypeNode @new, string[] path, List<TypeChange> into)
    {
        if (old.Text == @new.Text)
            return;
        bool item = TypePaths.IsItem(old);
        if (old.Kind != @new.Kind || old.IsReference || old.Kind is "base_type" or "unspecified_type"
            || (!item && old.Name != @new.Name) || (old.Type is null) != (@new.Type is null))
        {
            into.Add(new(path, ChangeKind.Changed, "type", old.Text, @new.Text));
            return;
        }
        if (item && old.Name is not null && @new.Name is not null && old.Name != @new.Name)
            into.Add(new(path, ChangeKind.Renamed, "name", old.Name, @new.Name));
        // A parameter name that appears or disappears (the DWARF describing the function changed)
        // is a change of its own; a member that loses its name is a replaced member, seen in its type.
        else if (old.Kind == "formal_parameter" && old.Name != @new.Name)
            into.Add(new(path, ChangeKind.Changed, "name", old.Name, @new.Name));
        if (old.Type is not null)
            Node(old.Type, @new.Type!, path, into);
        Items(old, @new, path, into);
        Attributes(old, @new, path, into);
    }

    private static string Ordinal(int index) => (index + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static void Attributes(TypeNode old, TypeNode @new, string[] path, List<TypeChange> into)
    {
        foreach (string name in old.Attributes.Select(a => a.Key).Union(@new.Attributes.Select(a => a.Key)))
        {
            string? before = old.Attribute(name), after = @new.Attribute(name);
            if (before != after)
                into.Add(new(path, ChangeKind.Changed, name, before, after));
        }
    }

    private static void Items(TypeNode old, TypeNode @new, string[] path, List<TypeChange> into)
    {
        var pairs = ItemMatcher.Match(old, @new);
        var matchedOld = pairs.Where(p => p.Old >= 0 && p.New >= 0).Select(p => p.Old).Order().ToList();
        var matchedNew = pairs.Where(p => p.Old >= 0 && p.New >= 0).Select(p => p.New).Order().ToList();
        foreach (var (o, n) in pairs)
        {
            if (n < 0)
            {
                into.Add(new([.. path, TypePaths.ItemLabel(old.Items[o], o)], ChangeKind.Removed, "item", old.Items[o].Text, null));
                continue;
            }
            string[] here = [.. path, TypePaths.ItemLabel(o >= 0 ? old.Items[o] : @new.Items[n], o >= 0 ? o : n)];
            if (o < 0)
            {
                into.Add(new(here, ChangeKind.Added, "item", null, @new.Items[n].Text));
                continue;
            }
            int rankOld = matchedOld.IndexOf(o), rankNew = matchedNew.IndexOf(n);
            if (rankOld != rankNew)
                into.Add(new(here, ChangeKind.Moved, "position", Ordinal(o), Ordinal(n)));
            Node(old.Items[o], @new.Items[n], here, into);
        }
    }
}
