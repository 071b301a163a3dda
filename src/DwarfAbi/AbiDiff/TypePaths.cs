namespace DwarfAbi.AbiDiff;

/// <summary>How a path names the parts of a type: <c>member b</c>, <c>parameter p</c>, <c>enumerator EV_C</c>, and types by their C spelling.</summary>
public static class TypePaths
{
    public const string ReturnValue = "return value";

    public static bool IsItem(TypeNode node) => node.Kind is "member" or "formal_parameter" or "enumerator" or "variant" or "variant_part";

    public static string ItemLabel(TypeNode item, int index)
    {
        string word = item.Kind switch
        {
            "formal_parameter" => "parameter",
            var k => k,
        };
        if (item.Name is { } name)
            return $"{word} {name}";
        if (item.Attribute("data_member_location") is { } offset)
            return $"{word} @{offset}";
        return $"{word} #{index + 1}";
    }

    /// <summary><c>s#foo</c> as <c>struct foo</c>, <c>t#bar</c> as <c>typedef bar</c>; quotes dropped.</summary>
    public static string TypeName(string key)
    {
        if (!Symvers.TypeExpansion.IsReference(key))
            return key;
        string name = key[2..].Trim('\'');
        return key[0] switch
        {
            's' => "struct " + name,
            'u' => "union " + name,
            'e' => "enum " + name,
            _ => "typedef " + name,
        };
    }

    /// <summary>The name a kABI rule targets: the type's name without its kind prefix.</summary>
    public static string Fqn(string key) => Symvers.TypeExpansion.IsReference(key) ? key[2..].Trim('\'') : key;
}
