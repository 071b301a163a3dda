using System.Runtime.CompilerServices;

namespace DwarfAbi.AbiDiff;

/// <summary>
/// What a diff works out from one type text alone, once per distinct text however many units
/// hold it: its tree, the types it refers to (with and without the steps to them), and its
/// changes against another text. A kernel's modules repeat the vmlinux's types, so a build tree
/// holds the same text hundreds of times. Trees are made only for texts that are compared or
/// lie on a route: a whole tree's worth of them would not fit in memory.
/// </summary>
/// <remarks>
/// Texts are looked up by identity: a side holds each distinct text once (snapshots and objects
/// share equal texts through a <see cref="StringPool"/>), and hashing a text of kilobytes at every
/// step of every route was most of a big diff's time. An equal text held twice is merely worked
/// out twice.
/// </remarks>
public sealed class TypeTextCache
{
    private readonly Dictionary<string, TypeNode> _nodes = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<string, string[]> _targets = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<string, List<(string Key, string[] Path)>> _references = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<(string Old, string New), List<TypeChange>> _changes = new(SameTexts.Instance);

    private sealed class SameTexts : IEqualityComparer<(string Old, string New)>
    {
        public static readonly SameTexts Instance = new();

        public bool Equals((string Old, string New) x, (string Old, string New) y) =>
            ReferenceEquals(x.Old, y.Old) && ReferenceEquals(x.New, y.New);

        public int GetHashCode((string Old, string New) texts) =>
            HashCode.Combine(RuntimeHelpers.GetHashCode(texts.Old), RuntimeHelpers.GetHashCode(texts.New));
    }

    /// <param name="file">Where the text came from, for messages.</param>
    public TypeNode Node(string key, string text, string file)
    {
        if (_nodes.TryGetValue(text, out var node))
            return node;
        try
        {
            return _nodes[text] = TypeTextParser.Parse(key, text);
        }
        catch (DwarfAbiException e)
        {
            throw e.WithFile(file);
        }
    }

    /// <summary>The keys a text refers to, each once, in the order they appear.</summary>
    public string[] Targets(string text)
    {
        if (!_targets.TryGetValue(text, out var targets))
            _targets[text] = targets = TypeTextParser.References(text);
        return targets;
    }

    /// <summary>The references of a text, each with the steps from the type to it (<c>member b</c>, <c>return value</c>).</summary>
    public List<(string Key, string[] Path)> References(string key, string text, string file)
    {
        if (_references.TryGetValue(text, out var list))
            return list;
        list = [];
        Collect(Node(key, text, file), [], list);
        return _references[text] = list;
    }

    public List<TypeChange> Changes(string key, (string Text, string File) old, (string Text, string File) @new)
    {
        if (!_changes.TryGetValue((old.Text, @new.Text), out var changes))
            _changes[(old.Text, @new.Text)] = changes = TreeComparer.Compare(Node(key, old.Text, old.File), Node(key, @new.Text, @new.File));
        return changes;
    }

    private static void Collect(TypeNode node, string[] path, List<(string, string[])> into)
    {
        if (node.IsReference)
        {
            into.Add((node.Name!, path));
            return;
        }
        for (int i = 0; i < node.Items.Count; i++)
            Collect(node.Items[i], [.. path, TypePaths.ItemLabel(node.Items[i], i)], into);
        if (node.Type is not null)
            Collect(node.Type, node.Kind is "subprogram" or "subroutine_type" ? [.. path, TypePaths.ReturnValue] : path, into);
    }
}
