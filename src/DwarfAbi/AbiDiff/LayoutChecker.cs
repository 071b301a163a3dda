using System.Globalization;

namespace DwarfAbi.AbiDiff;

/// <summary>
/// Whether the hidden changes of a type keep its binary layout: its size and alignment, the
/// offset of every member it had, a replacement fitting the reserved slot it takes, and no
/// hidden enumerator value that collides with a value other enumerators stand for.
/// </summary>
public static class LayoutChecker
{
    private const string Offset = "data_member_location";

    public static List<string> Check(TypeNode old, TypeNode @new, IReadOnlyList<TypeChange> hidden)
    {
        var problems = new List<string>();
        foreach (string attribute in new[] { "byte_size", "alignment" })
        {
            if (old.Attribute(attribute) != @new.Attribute(attribute))
                problems.Add($"{attribute} changed from {old.Attribute(attribute) ?? "none"} to {@new.Attribute(attribute) ?? "none"}");
        }
        if (old.Kind == "enumeration_type")
            Enumerators(old, @new, hidden, problems);
        else
            Members(old, @new, problems);
        return problems;
    }

    private static void Members(TypeNode old, TypeNode @new, List<string> problems)
    {
        var newByName = new Dictionary<string, TypeNode>(StringComparer.Ordinal);
        foreach (var member in @new.Items.Where(m => m.Kind == "member"))
        {
            if (member.Name is { } name)
                newByName.TryAdd(name, member);
            foreach (var (placeholder, _) in ReservedSlots(member))
                newByName.TryAdd(placeholder, member);
            if (ReservedSlots(member).FirstOrDefault() is ({ } slot, { } size) && Size(member.Type) is { } used && used > size)
                problems.Add($"the replacement of {slot} does not fit its reserved space ({used} bytes in a {size}-byte slot)");
        }
        foreach (var member in old.Items.Where(m => m.Kind == "member" && m.Name is not null))
        {
            if (!newByName.TryGetValue(member.Name!, out var now))
                continue;
            foreach (string attribute in new[] { Offset, "data_bit_offset" })
            {
                string? before = member.Attribute(attribute), after = now.Attribute(attribute);
                if (before is not null && before != after)
                    problems.Add($"member {member.Name} moved from {attribute}({before}) to {attribute}({after ?? "none"})");
            }
        }
    }

    /// <summary>
    /// The placeholders of a KABI_USE/KABI_REPLACE union member: a <c>__kabi_reserved</c> or
    /// <c>__kabi_renamed</c> member of the union, directly or as the first member of one of its
    /// structures, with the placeholder's size when the text states it.
    /// </summary>
    private static IEnumerable<(string Name, ulong? Size)> ReservedSlots(TypeNode member)
    {
        if (member.Type is not { Kind: "union_type" } union)
            yield break;
        foreach (var item in union.Items)
        {
            var candidate = item.Name is null && item.Type is { Kind: "structure_type" } inner && inner.Items.Count > 0 ? inner.Items[0] : item;
            if (candidate.Name is { } name && (name.StartsWith("__kabi_reserved", StringComparison.Ordinal) || name.StartsWith("__kabi_renamed", StringComparison.Ordinal)))
                yield return (name, Size(item.Type));
        }
    }

    private static ulong? Size(TypeNode? type) =>
        type?.Attribute("byte_size") is { } text && ulong.TryParse(text, CultureInfo.InvariantCulture, out ulong size) ? size : null;

    private static void Enumerators(TypeNode old, TypeNode @new, IReadOnlyList<TypeChange> hidden, List<string> problems)
    {
        var hiddenNames = hidden.Where(c => c.Path.Count > 0 && c.Path[0].StartsWith("enumerator ", StringComparison.Ordinal))
            .Select(c => c.Path[0]["enumerator ".Length..]).ToHashSet(StringComparer.Ordinal);
        foreach (var enumerator in @new.Items.Where(e => e.Name is not null && hiddenNames.Contains(e.Name)))
        {
            string? value = enumerator.Attribute("value");
            var others = old.Items.Concat(@new.Items)
                .Where(e => e.Name != enumerator.Name && !hiddenNames.Contains(e.Name!) && e.Attribute("value") == value)
                .Select(e => e.Name).Distinct().ToList();
            if (value is not null && others.Count > 0)
                problems.Add($"hidden enumerator {enumerator.Name} = {value} collides with {string.Join(", ", others)}");
        }
    }
}
