using System.Globalization;
using System.Text.RegularExpressions;

namespace DwarfAbi.Tests.Dwarf;

/// <summary>
/// Reduces an <c>llvm-dwarfdump --debug-info</c> style text (ours or llvm's) to comparable lines:
/// <c>OFFSET TAG</c> per DIE and <c>OFFSET ATTR VALUE</c> per attribute, where VALUE is canonical.
/// The rules, and so what the comparison covers:
/// - numbers (hex or decimal, signed) are compared as numbers, whatever their printed width;
/// - a reference is its target offset (the type name llvm prints after it is dropped);
/// - a location or range list is compared by its offset (the first number), not its entries;
/// - in expressions, register names that follow DW_OP_reg*/breg* are dropped (they are the
///   target's names for the DWARF register number, which stays); for regx/bregx llvm prints a
///   name instead of the number, so there the register is not compared;
/// - the operands of DW_OP_addr and DW_OP_const4u/8u (thread-local offsets) are dropped in
///   relocatable objects: llvm-dwarfdump 14 does not relocate inside expressions (it prints 0),
///   and the reader does;
/// - what llvm-dwarfdump 14 cannot show is not compared: strings of the dwz supplementary file
///   (it prints nothing; <see cref="DwzTests"/> checks them with binutils) and operations it
///   cannot decode (it prints "&lt;decoding error&gt;");
/// - true/false are 1/0; strings and symbolic constants (DW_LANG_*, DW_ATE_*, ...) are compared as text.
/// </summary>
public static partial class DumpNormalizer
{
    public static List<string> Normalize(string text, bool relocatable)
    {
        var result = new List<string>();
        var lines = text.Split('\n');
        string? dieOffset = null;
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i].TrimEnd('\r');
            var die = DieLine().Match(line);
            if (die.Success)
            {
                dieOffset = die.Groups[1].Value;
                result.Add($"{dieOffset} {die.Groups[2].Value}");
                continue;
            }
            var attr = AttributeLine().Match(line);
            if (!attr.Success || dieOffset is null)
                continue;
            string value = attr.Groups[2].Value;
            bool multiLine = !value.EndsWith(')') || value.EndsWith(": )");
            if (multiLine)
            {
                // Location and range lists continue on deeper lines; keep the offset only.
                while (i + 1 < lines.Length && lines[i + 1].Trim().Length > 0 && !AttributeLine().IsMatch(lines[i + 1]) && !DieLine().IsMatch(lines[i + 1]))
                    i++;
                value = ListOffset(value);
            }
            else
            {
                value = value[..^1];
            }
            value = Canonical(value);
            if (relocatable)
                value = Regex.Replace(value, @"DW_OP_(addr|const4u|const8u) \d+", "DW_OP_$1 RELOCATED");
            result.Add($"{dieOffset} {attr.Groups[1].Value} {value}");
        }
        return result;
    }

    private static string ListOffset(string value)
    {
        var m = Regex.Match(value, @"(?:list = )?(0x[0-9a-fA-F]+)");
        var indexed = Regex.Match(value, @"list = (0x[0-9a-fA-F]+)");
        return (indexed.Success ? indexed : m).Groups[1].Value;
    }

    /// <summary>Marks a value that llvm-dwarfdump could not show.</summary>
    public const string Unchecked = "<unchecked>";

    public static string Canonical(string value)
    {
        value = value.Trim();
        if (value.Length == 0 || value.Contains("<decoding error>"))
            return Unchecked;
        if (value.StartsWith('"'))
            return value;
        var indexed = Regex.Match(value, @"^indexed \(0x[0-9a-f]+\) (?:range|loc)list = (0x[0-9a-f]+)");
        if (indexed.Success)
            return Number(indexed.Groups[1].Value);
        var reference = Regex.Match(value, "^<?(?:alt )?(0x[0-9a-fA-F]+)>?(?: \".*\")?$");
        if (reference.Success)
            return Number(reference.Groups[1].Value);
        if (value is "true")
            return "1";
        if (value is "false")
            return "0";
        if (Regex.IsMatch(value, @"^[+-]?\d+$"))
            return Number(value);
        if (value.StartsWith("DW_OP_", StringComparison.Ordinal))
            return Expression(value);
        return value;
    }

    private static string Expression(string value)
    {
        value = Regex.Replace(value, @"\((0x[0-9a-f]+)\) ""[^""]*""", "$1");
        // llvm names the register of regx/bregx instead of giving its number, where it knows it.
        value = Regex.Replace(value, @"DW_OP_(b?)regx (?:0x[0-9a-f]+ ?|[A-Za-z]\w*)", "DW_OP_$1regx REG ");
        value = Regex.Replace(value, @"(DW_OP_b?reg\d+) [A-Za-z][A-Za-z0-9_]*", "$1 ");
        value = Regex.Replace(value, @"(DW_OP_b?reg(?:\d+|x REG))  ?(?=[+-]?\d)", "$1 ");
        value = Regex.Replace(value, @"\s+(?=[,)]|$)", "");
        return Regex.Replace(value, @"(?<![\w])([+-]?)(0x[0-9a-fA-F]+|\d+)\b", m => Number(m.Value));
    }

    private static string Number(string text)
    {
        text = text.Trim();
        bool negative = text.StartsWith('-');
        string digits = text.TrimStart('+', '-');
        ulong v = digits.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            ? ulong.Parse(digits[2..], NumberStyles.HexNumber, CultureInfo.InvariantCulture)
            : ulong.Parse(digits, CultureInfo.InvariantCulture);
        return negative ? "-" + v : v.ToString(CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"^(0x[0-9a-f]{8}):\s+(DW_TAG_\w+|NULL)\s*$")]
    private static partial Regex DieLine();

    [GeneratedRegex(@"^\s+(DW_AT_\w+)(?: \[DW_FORM_\w+\])?\t\((.*)$")]
    private static partial Regex AttributeLine();
}
