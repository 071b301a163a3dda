namespace DwarfAbi.AbiDiff;

/// <summary>
/// Finds what the kABI rules hid: every change of a type in the plain view that the stable view
/// does not show. Each is attributed to the <c>__kabi_</c> member or rule that explains it, and
/// every type with hidden changes gets a layout check.
/// </summary>
public static class KabiAuditor
{
    private const string KabiPrefix = "__kabi_";
    private const string ReservedMarker = "__kabi_reserved";
    private const string RenamedMarker = "__kabi_renamed";
    private const string IgnoredMarker = "__kabi_ignored";

    public static KabiAudit Audit(IEnumerable<(ScopePair Plain, ScopePair Stable, IReadOnlyList<KabiRule> Rules)> pairs)
    {
        var hidden = new List<HiddenChange>();
        var layout = new List<LayoutCheck>();
        var allRules = new List<KabiRule>();
        var usedRules = new HashSet<KabiRule>();
        foreach (var (plain, stable, rules) in pairs)
        {
            allRules.AddRange(rules);
            foreach (string key in plain.Old.Entries.Keys.Where(k => Symvers.TypeExpansion.IsReference(k)).Order(StringComparer.Ordinal))
            {
                var visible = stable.LocalChanges(key).Select(c => c.Signature).ToHashSet(StringComparer.Ordinal);
                var hiddenHere = plain.LocalChanges(key).Where(c => !visible.Contains(c.Signature)).ToList();
                if (hiddenHere.Count == 0)
                    continue;
                var attributed = hiddenHere.Select(c => (Change: c, Found: Attribute(key, c, rules))).ToList();
                // Offsets and sizes that a __kabi_ member shifts carry no marker of their own: they go with it.
                string? member = attributed.Select(a => a.Found.Label).FirstOrDefault(l => l.Contains(KabiPrefix, StringComparison.Ordinal));
                foreach (var (change, (label, rule)) in attributed)
                {
                    if (rule is not null)
                        usedRules.Add(rule);
                    hidden.Add(new HiddenChange(key, change, rule is null && member is not null ? member : label));
                }
                layout.Add(new LayoutCheck(key, LayoutChecker.Check(plain.OldNode(key)!, plain.NewNode(key)!, hiddenHere)));
            }
        }
        var unused = allRules.Distinct().Where(r => !usedRules.Contains(r)).ToList();
        return new KabiAudit(hidden, unused, layout);
    }

    /// <summary>The member or rule that hides a change: a <c>__kabi_</c> name on its way, else a rule on the type or enumerator.</summary>
    private static (string Label, KabiRule? Rule) Attribute(string key, TypeChange change, IReadOnlyList<KabiRule> rules)
    {
        string all = string.Join(" ", change.Path) + " " + change.Old + " " + change.New;
        if ((Marker(all, ReservedMarker) ?? Marker(all, RenamedMarker)) is { } reserved)
            return ($"reserved slot {reserved} (KABI_RESERVE/KABI_USE: a union standing for its placeholder)", null);
        if (Marker(all, IgnoredMarker) is { } ignored)
            return ($"ignored member {ignored} (KABI_IGNORE)", null);
        string fqn = TypePaths.Fqn(key);
        string? enumerator = change.Path.Count > 0 && change.Path[0].StartsWith("enumerator ", StringComparison.Ordinal) ? change.Path[0]["enumerator ".Length..] : null;
        KabiRule? rule = rules.LastOrDefault(r => r.Target == key && r.Type == "type_string")
            ?? rules.LastOrDefault(r => r.Target == fqn && r.Type == "declonly")
            ?? (change.What == "byte_size" ? rules.LastOrDefault(r => r.Target == fqn && r.Type == "byte_size") : null)
            ?? (enumerator is null ? null : rules.LastOrDefault(r => r.Target == $"{fqn} {enumerator}" && r.Type is "enumerator_ignore" or "enumerator_value"));
        return rule is null ? ("no rule found: hidden by the stable view's rendering", null) : ($"rule {rule}", rule);
    }

    /// <summary>The whole <c>__kabi_</c> member name starting with <paramref name="marker"/> in a text, if any.</summary>
    private static string? Marker(string text, string marker)
    {
        int at = text.IndexOf(marker, StringComparison.Ordinal);
        if (at < 0)
            return null;
        int end = at;
        while (end < text.Length && (char.IsAsciiLetterOrDigit(text[end]) || text[end] == '_'))
            end++;
        return text[at..end];
    }
}
