namespace DwarfAbi.AbiDiff;

/// <summary>
/// Parses one symtypes line's text (spec §3: the grammar gendwarfksyms renders DIEs into) into a
/// <see cref="TypeNode"/> tree. Tokens are separated by single spaces; a quoted reference
/// (<c>s#'(u8, char)'</c>) is one token; type names may span several words and run to the
/// <c>{</c> that opens their body.
/// </summary>
public sealed class TypeTextParser
{
    private readonly string _key;
    private readonly string _text;
    private readonly List<(int Start, int End)> _tokens;
    // Items glued to the previous item's last attribute (see GluedItem).
    private readonly HashSet<int> _glued = [];
    private int _pos;

    private TypeTextParser(string key, string text)
    {
        _key = key;
        _text = text;
        _tokens = Tokenize(text, _glued);
    }

    public static TypeNode Parse(string key, string text)
    {
        var parser = new TypeTextParser(key, text);
        var node = parser.Node();
        if (parser._pos != parser._tokens.Count)
            throw parser.Error($"unexpected '{parser.Peek()}'");
        return node;
    }

    /// <summary>The reference tokens of a text, each once, in order: the edges of the type graph without a parse.</summary>
    public static string[] References(string text)
    {
        var found = new List<string>();
        foreach (var (start, end) in Tokenize(text, []))
        {
            if (Symvers.TypeExpansion.IsReference(text.AsSpan(start, end - start)))
            {
                string token = text[start..end];
                if (!found.Contains(token))
                    found.Add(token);
            }
        }
        return [.. found];
    }

    private static List<(int, int)> Tokenize(string text, HashSet<int> glued)
    {
        var tokens = new List<(int, int)>();
        int i = 0;
        while (i < text.Length)
        {
            if (text[i] == ' ')
            {
                i++;
                continue;
            }
            int end = text.IndexOf(' ', i);
            if (end < 0)
                end = text.Length;
            if (end - i >= 3 && text[i + 1] == '#' && text[i + 2] == '\'' && Symvers.TypeExpansion.IsReference(text.AsSpan(i)))
            {
                int close = text.IndexOf('\'', i + 3);
                if (close >= 0)
                    end = close + 1;
            }
            int item = GluedItem(text, i, end);
            if (item > i)
            {
                tokens.Add((i, item));
                glued.Add(tokens.Count);
            }
            tokens.Add((item, end));
            i = end;
        }
        return tokens;
    }

    private static readonly string[] ItemWords = ["formal_parameter", "member", "enumerator"];

    /// <summary>
    /// Where a list item glued to the previous item's last attribute starts, else the token's
    /// start. The reference renders a parameter list nested in another list's item without its
    /// separator (<c>byte_size(8)formal_parameter</c>); the item still starts there.
    /// </summary>
    private static int GluedItem(string text, int start, int end)
    {
        foreach (string word in ItemWords)
        {
            int at = end - word.Length;
            if (at > start && text[at - 1] == ')' && string.CompareOrdinal(text, at, word, 0, word.Length) == 0)
                return at;
        }
        return start;
    }

    private string? Peek() => _pos < _tokens.Count ? Token(_pos) : null;

    private string Token(int index) => _text[_tokens[index].Start.._tokens[index].End];

    private string Next() => _pos < _tokens.Count ? Token(_pos++) : throw Error("unexpected end of text");

    private void Expect(string token)
    {
        string got = Next();
        if (got != token)
            throw Error($"expected '{token}', found '{got}'");
    }

    private DwarfAbiException Error(string message) => new($"cannot parse the type string of '{_key}': {message}");

    private static bool IsEnd(string? token) => token is null or "," or "}" or ")";

    /// <summary>A trailing attribute: <c>name(digits)</c>.</summary>
    private static bool IsAttribute(string? token)
    {
        if (token is null || token.Length < 4 || token[^1] != ')')
            return false;
        int open = token.IndexOf('(');
        if (open <= 0)
            return false;
        for (int i = open + 1; i < token.Length - 1; i++)
        {
            if (!char.IsAsciiDigit(token[i]))
                return false;
        }
        return open + 1 < token.Length - 1 && token[..open].All(c => c == '_' || char.IsAsciiLetterLower(c));
    }

    private TypeNode Node()
    {
        int first = _pos;
        string word = Next();
        TypeNode node;
        if (Symvers.TypeExpansion.IsReference(word))
        {
            node = new TypeNode(TypeNode.Reference) { Name = word };
        }
        else if (word.StartsWith("array_type", StringComparison.Ordinal))
        {
            node = new TypeNode("array_type") { Name = word["array_type".Length..] };
            Expect("{");
            node.Type = Node();
            Expect("}");
        }
        else
        {
            node = new TypeNode(word);
            Body(node);
        }
        node.Text = _text[_tokens[first].Start.._tokens[_pos - 1].End];
        return node;
    }

    private void Body(TypeNode node)
    {
        switch (node.Kind)
        {
            case "variable":
                node.Type = Node();
                break;
            case "subprogram" or "subroutine_type":
                Expect("(");
                Items(node, ")");
                Expect("->");
                node.Type = Node();
                break;
            case "member" or "formal_parameter":
                node.Type = Node();
                if (!IsEnd(Peek()) && !IsAttribute(Peek()) && !_glued.Contains(_pos))
                    node.Name = Next();
                Attributes(node);
                break;
            case "enumerator":
                node.Name = Words(t => t == "=" || IsEnd(t));
                if (Peek() == "=")
                {
                    Next();
                    node.Attributes.Add(new("value", Next()));
                }
                break;
            case "base_type":
                node.Name = Words(t => IsEnd(t) || IsAttribute(t));
                Attributes(node);
                break;
            case "unspecified_type":
                break;
            case "variant_part":
                Expect("{");
                Items(node, "}");
                break;
            case "variant":
                Expect("{");
                Items(node, "}");
                Attributes(node);
                break;
            case "structure_type" or "class_type" or "union_type" or "enumeration_type":
                node.Name = Words(t => t == "{");
                Expect("{");
                Items(node, "}");
                Attributes(node);
                break;
            default:
                if (!node.Kind.EndsWith("_type", StringComparison.Ordinal))
                    throw Error($"unknown construct '{node.Kind}'");
                // Modifiers and typedefs: an optional name, then the operand in braces.
                node.Name = Words(t => t == "{");
                Expect("{");
                if (Peek() != "}")
                    node.Type = Node();
                Expect("}");
                Attributes(node);
                break;
        }
    }

    private string? Words(Func<string?, bool> stop)
    {
        int first = _pos;
        while (_pos < _tokens.Count && !stop(Peek()))
            _pos++;
        return _pos == first ? null : _text[_tokens[first].Start.._tokens[_pos - 1].End];
    }

    private void Items(TypeNode node, string close)
    {
        if (Peek() == close)
        {
            Next();
            return;
        }
        while (true)
        {
            node.Items.Add(Node());
            if (_glued.Contains(_pos))
                continue;
            string separator = Next();
            if (separator == close)
                return;
            if (separator != ",")
                throw Error($"expected ',' or '{close}', found '{separator}'");
        }
    }

    /// <summary>
    /// The trailing attributes a construct owns. A member's type and the member both end in
    /// attributes, so each takes only its own: a type its size, encoding and alignment, a member
    /// or parameter its placement.
    /// </summary>
    private void Attributes(TypeNode node)
    {
        var own = TypePaths.IsItem(node) ? ItemAttributes : TypeAttributes;
        while (IsAttribute(Peek()))
        {
            string token = Peek()!;
            int open = token.IndexOf('(');
            if (!own.Contains(token[..open]))
                return;
            Next();
            node.Attributes.Add(new(token[..open], token[(open + 1)..^1]));
        }
    }

    private static readonly HashSet<string> TypeAttributes = ["byte_size", "encoding", "alignment"];
    private static readonly HashSet<string> ItemAttributes = ["accessibility", "bit_size", "data_bit_offset", "data_member_location", "discr_value"];
}
