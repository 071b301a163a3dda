namespace DwarfAbi.AbiDiff;

/// <summary>Pairs the items of two versions of a construct; -1 on one side is an item only the other has.</summary>
public static class ItemMatcher
{
    public static List<(int Old, int New)> Match(TypeNode old, TypeNode @new)
    {
        var pairs = new List<(int, int)>();
        if (old.Kind is "subprogram" or "subroutine_type")
        {
            for (int i = 0; i < Math.Max(old.Items.Count, @new.Items.Count); i++)
                pairs.Add((i < old.Items.Count ? i : -1, i < @new.Items.Count ? i : -1));
            return pairs;
        }
        var usedNew = new bool[@new.Items.Count];
        var oldMatch = new int[old.Items.Count];
        Array.Fill(oldMatch, -1);
        MatchBy(old, @new, oldMatch, usedNew, n => n.Name);
        MatchBy(old, @new, oldMatch, usedNew, n => n.Attribute("data_member_location") is { } at ? "@" + at : null);
        int next = 0;
        for (int o = 0; o < old.Items.Count; o++)
        {
            if (oldMatch[o] >= 0 || old.Items[o].Name is not null)
                continue;
            while (next < usedNew.Length && (usedNew[next] || @new.Items[next].Name is not null))
                next++;
            if (next < usedNew.Length)
            {
                oldMatch[o] = next;
                usedNew[next] = true;
            }
        }
        for (int o = 0; o < old.Items.Count; o++)
            pairs.Add((o, oldMatch[o]));
        for (int n = 0; n < usedNew.Length; n++)
        {
            if (!usedNew[n])
                pairs.Add((-1, n));
        }
        return pairs;
    }

    private static void MatchBy(TypeNode old, TypeNode @new, int[] oldMatch, bool[] usedNew, Func<TypeNode, string?> key)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int n = 0; n < @new.Items.Count; n++)
        {
            if (!usedNew[n] && key(@new.Items[n]) is { } k)
                index.TryAdd(k, n);
        }
        for (int o = 0; o < old.Items.Count; o++)
        {
            if (oldMatch[o] >= 0 || key(old.Items[o]) is not { } k)
                continue;
            if (index.Remove(k, out int n))
            {
                oldMatch[o] = n;
                usedNew[n] = true;
            }
        }
    }
}
