namespace DwarfAbi.AbiDiff;

/// <summary>
/// One construct of a type string (symtypes grammar): a kind (<c>structure_type</c>,
/// <c>member</c>, <c>reference</c>, ...), an optional name, an operand type (pointee, member
/// type, return type), items (members, parameters, enumerators, variants) and trailing
/// attributes such as <c>byte_size(8)</c>. <see cref="Text"/> is the node's span of the line.
/// </summary>
public sealed class TypeNode(string kind)
{
    public const string Reference = "reference";

    public string Kind { get; } = kind;
    /// <summary>Type, member, parameter or enumerator name; array dimensions for <c>array_type</c>; the token for a reference.</summary>
    public string? Name { get; set; }
    public TypeNode? Type { get; set; }
    public List<TypeNode> Items { get; } = [];
    public List<KeyValuePair<string, string>> Attributes { get; } = [];
    public string Text { get; set; } = "";

    public bool IsReference => Kind == Reference;

    public string? Attribute(string name)
    {
        foreach (var (key, value) in Attributes)
        {
            if (key == name)
                return value;
        }
        return null;
    }

    public override string ToString() => Text;
}
