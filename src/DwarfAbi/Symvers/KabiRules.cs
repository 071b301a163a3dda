using DwarfAbi.Elf;

namespace DwarfAbi.Symvers;

/// <summary>
/// The kABI rules of an object (<c>--stable</c> only): records of four NUL-terminated strings
/// <c>version, type, target, value</c> in <c>.discard.gendwarfksyms.kabi_rules</c>. A later rule
/// for the same type and target wins.
/// </summary>
public sealed class KabiRules
{
    public const string SectionName = ".discard.gendwarfksyms.kabi_rules";

    // version\0 + type\0 + target\0 + value\0 at their shortest.
    private const int MinimumRecordSize = 6;

    private static readonly Dictionary<string, KabiRuleType> TypeNames = new(StringComparer.Ordinal)
    {
        ["declonly"] = KabiRuleType.DeclOnly,
        ["enumerator_ignore"] = KabiRuleType.EnumeratorIgnore,
        ["enumerator_value"] = KabiRuleType.EnumeratorValue,
        ["byte_size"] = KabiRuleType.ByteSize,
        ["type_string"] = KabiRuleType.TypeString,
    };

    private readonly Dictionary<(KabiRuleType, string), string> _rules = [];

    public static readonly KabiRules None = new();

    /// <summary>Every rule in force as (type name as written in the section, target, value), for reports.</summary>
    public IEnumerable<(string Type, string Target, string Value)> Entries =>
        _rules.Select(r => (TypeNames.First(n => n.Value == r.Key.Item1).Key, r.Key.Item2, r.Value));

    /// <summary>Whether any type_string rule exists: such rules can add types while versions are computed.</summary>
    public bool HasTypeStrings => _rules.Keys.Any(k => k.Item1 == KabiRuleType.TypeString);

    public static KabiRules Read(ElfFile elf, SymversLog log)
    {
        var rules = new KabiRules();
        var section = elf.FindSection(SectionName);
        if (section is null)
        {
            log.Debug("kabi_read_rules", "kABI rules not found");
            return rules;
        }
        var data = elf.RawData(section).Span;
        if (data.Length < MinimumRecordSize)
            throw new DwarfAbiException($"kABI rule section too small: {data.Length} bytes", (long)section.Offset);
        if (data[^1] != 0)
            throw new DwarfAbiException("kABI rules are not null-terminated", (long)section.Offset);

        int pos = 0;
        while (data.Length - pos > MinimumRecordSize)
        {
            string version = Field(data, ref pos);
            if (version != "1")
                throw new DwarfAbiException($"unsupported kABI rule version: '{version}'", (long)section.Offset + pos);
            string typeName = Field(data, ref pos);
            if (!TypeNames.TryGetValue(typeName, out var type))
                throw new DwarfAbiException($"unsupported kABI rule type: '{typeName}'", (long)section.Offset + pos);
            string target = Field(data, ref pos);
            string value = Field(data, ref pos);
            rules._rules[(type, target)] = value;
            log.Debug("kabi_read_rules", $"kABI rule: type: '{typeName}', target: '{target}', value: '{value}'");
        }
        if (pos < data.Length)
            log.Warn("kabi_read_rules", "unexpected data at the end of the kABI rules section");
        return rules;
    }

    private static string Field(ReadOnlySpan<byte> data, ref int pos)
    {
        if (pos >= data.Length)
            throw new DwarfAbiException("unexpected end of kABI rules");
        var rest = data[pos..];
        int length = rest.IndexOf((byte)0);
        if (length < 0)
            length = rest.Length;
        pos += length + 1;
        return System.Text.Encoding.UTF8.GetString(rest[..length]);
    }

    private bool TryGet(KabiRuleType type, string? target, out string value)
    {
        value = "";
        return !string.IsNullOrEmpty(target) && _rules.TryGetValue((type, target), out value!);
    }

    public bool IsDeclOnly(string? fqn) => TryGet(KabiRuleType.DeclOnly, fqn, out _);

    public bool IsEnumeratorIgnored(string? enumFqn, string? enumerator) =>
        !string.IsNullOrEmpty(enumFqn) && !string.IsNullOrEmpty(enumerator)
        && TryGet(KabiRuleType.EnumeratorIgnore, $"{enumFqn} {enumerator}", out _);

    public bool TryGetEnumeratorValue(string? enumFqn, string? enumerator, out ulong value)
    {
        value = 0;
        if (string.IsNullOrEmpty(enumFqn) || string.IsNullOrEmpty(enumerator)
            || !TryGet(KabiRuleType.EnumeratorValue, $"{enumFqn} {enumerator}", out string text))
            return false;
        value = ParseUnsigned(text);
        return true;
    }

    public bool TryGetByteSize(string? fqn, out ulong value)
    {
        value = 0;
        if (!TryGet(KabiRuleType.ByteSize, fqn, out string text))
            return false;
        value = ParseUnsigned(text);
        return true;
    }

    public bool TryGetTypeString(string? target, out string value) => TryGet(KabiRuleType.TypeString, target, out value);

    /// <summary>
    /// strtoul in base 10, as the reference reads rule values: leading blanks and a sign are
    /// accepted (a minus wraps around), an empty string is 0, anything left over is an error.
    /// </summary>
    internal static ulong ParseUnsigned(string text)
    {
        int i = 0;
        while (i < text.Length && text[i] is ' ' or '\t' or '\n' or '\v' or '\f' or '\r')
            i++;
        bool negative = false;
        if (i < text.Length && text[i] is '+' or '-')
            negative = text[i++] == '-';
        int digitsAt = i;
        ulong value = 0;
        bool overflow = false;
        while (i < text.Length && char.IsAsciiDigit(text[i]))
        {
            ulong digit = (ulong)(text[i++] - '0');
            if (value > (ulong.MaxValue - digit) / 10)
                overflow = true;
            value = unchecked(value * 10 + digit);
        }
        // Without digits strtoul consumes nothing: only the empty string is then fully read.
        bool consumedAll = i == digitsAt ? text.Length == 0 : i == text.Length;
        if (overflow || !consumedAll)
            throw new DwarfAbiException($"invalid unsigned value '{text}'");
        return negative ? unchecked(0 - value) : value;
    }
}

public enum KabiRuleType
{
    DeclOnly,
    EnumeratorIgnore,
    EnumeratorValue,
    ByteSize,
    TypeString,
}
