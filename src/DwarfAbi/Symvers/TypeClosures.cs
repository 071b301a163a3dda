namespace DwarfAbi.Symvers;

/// <summary>
/// The reference graph of a finished type map: for each type, the set of types reachable from it
/// (its closure, itself included) and, once worked out, the CRC and length of its expansion
/// into an empty expanded-set. A version walk that meets a type none of whose closure is
/// expanded yet would produce exactly that text and then have expanded the whole closure, so it
/// can combine the stored CRC instead of walking megabytes of text again.
/// </summary>
internal sealed class TypeClosures
{
    // Beyond this, the closure bit sets would cost more memory than the walks they save.
    private const long MaxBitSetBytes = 256L << 20;

    private readonly TypeExpansion[] _types;
    private readonly int[] _component;
    // Per strongly connected component: the closure shared by its members, or null when it
    // reaches a reference the map cannot resolve (the plain walk reports that error).
    private readonly ulong[]?[] _closures;
    private readonly TypeDigest?[] _digests;

    private TypeClosures(TypeExpansion[] types, int[] component, ulong[]?[] closures)
    {
        _types = types;
        _component = component;
        _closures = closures;
        _digests = new TypeDigest?[types.Length];
    }

    /// <summary>Words of a bit set over the types.</summary>
    public int Words => (_types.Length + 63) >> 6;

    public static TypeClosures? Build(IReadOnlyList<TypeExpansion> types, Func<string, TypeExpansion?> find)
    {
        var nodes = types.ToArray();
        for (int i = 0; i < nodes.Length; i++)
            nodes[i].Index = i;
        var edges = new int[nodes.Length][];
        var unresolved = new bool[nodes.Length];
        var targets = new List<int>();
        for (int i = 0; i < nodes.Length; i++)
        {
            targets.Clear();
            foreach (var segment in nodes[i].Segments)
            {
                if (!segment.IsReference)
                    continue;
                if ((segment.Target ??= find(segment.Text)) is { Index: >= 0 } target)
                    targets.Add(target.Index);
                else
                    unresolved[i] = true;
            }
            edges[i] = [.. targets.Distinct()];
        }
        var components = new StrongComponents(edges);
        int words = (nodes.Length + 63) >> 6;
        if ((long)components.Count * words * sizeof(ulong) > MaxBitSetBytes)
            return null;
        // Components come in reverse topological order: everything a component reaches is done before it.
        var closures = new ulong[]?[components.Count];
        for (int c = 0; c < components.Count; c++)
        {
            var closure = new ulong[words];
            bool resolved = true;
            foreach (int member in components.Members(c))
            {
                closure[member >> 6] |= 1UL << member;
                resolved &= !unresolved[member];
                foreach (int target in edges[member])
                {
                    int tc = components.Of[target];
                    if (tc == c)
                        continue;
                    if (closures[tc] is not { } reached)
                        resolved = false;
                    else
                        Or(closure, reached);
                }
            }
            closures[c] = resolved ? closure : null;
        }
        return new TypeClosures(nodes, components.Of, closures);
    }

    /// <summary>The closure of a type, or null when it is not in the graph or reaches an unresolved reference.</summary>
    public ulong[]? ClosureOf(TypeExpansion type) => type.Index >= 0 && type.Index < _types.Length && _types[type.Index] == type
        ? _closures[_component[type.Index]] : null;

    public bool SameComponent(TypeExpansion a, TypeExpansion b) => _component[a.Index] == _component[b.Index];

    public TypeDigest? DigestOf(TypeExpansion type) => Volatile.Read(ref _digests[type.Index]);

    public void SetDigest(TypeExpansion type, TypeDigest digest) => Volatile.Write(ref _digests[type.Index], digest);

    public static bool Intersects(ulong[] a, ulong[] b)
    {
        for (int i = 0; i < a.Length; i++)
        {
            if ((a[i] & b[i]) != 0)
                return true;
        }
        return false;
    }

    public static void Or(ulong[] into, ulong[] from)
    {
        for (int i = 0; i < into.Length; i++)
            into[i] |= from[i];
    }
}

/// <summary>The CRC and byte length of a type's expansion into an empty expanded-set.</summary>
internal sealed record TypeDigest(uint Crc, long Length);
