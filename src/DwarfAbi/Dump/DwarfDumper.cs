using System.Text;
using DwarfAbi.Dwarf;

namespace DwarfAbi.Dump;

/// <summary>What to print: everything, one unit, or one DIE with its subtree.</summary>
public sealed record DumpOptions(long? UnitOffset = null, long? DieOffset = null, bool ShowForms = false);

/// <summary>
/// Prints units and DIEs in the layout of <c>llvm-dwarfdump --debug-info</c>, so the two can be
/// compared line by line: offsets, tags, attributes with their decoded values.
/// </summary>
public sealed class DwarfDumper(DwarfData dwarf, TextWriter output, DumpOptions options)
{
    private const int LabelWidth = 12; // "0x%08x: "  plus two columns

    private static readonly HashSet<ushort> ExpressionAttributes =
    [
        DwAt.Location, DwAt.FrameBase, DwAt.DataMemberLocation, DwAt.DataLocation,
        0x19, 0x2a, 0x48, 0x4a, 0x4d, 0x4e, 0x4f, // string_length, return_addr, static_link, use_location, vtable_elem_location, allocated, associated
        0x7e, 0x7f, 0x80, 0x81, 0x83, 0x2111, 0x2112, 0x2113, // call_value ... call_target, GNU_call_site_*
    ];

    public void Dump()
    {
        bool any = false;
        foreach (bool types in new[] { false, true })
        {
            var units = dwarf.Units.Where(u => u.InTypesSection == types && Selected(u)).ToList();
            if (units.Count == 0)
                continue;
            if (any)
                output.WriteLine();
            output.WriteLine(types ? ".debug_types contents:" : ".debug_info contents:");
            any = true;
            foreach (var unit in units)
                DumpUnit(unit);
        }
        if (options.DieOffset is { } d && !any)
            throw new DwarfAbiException($"no DIE at offset 0x{d:x}", d);
    }

    private bool Selected(Unit u)
    {
        if (options.UnitOffset is { } uo && !(uo >= u.Offset && uo < u.End))
            return false;
        return options.DieOffset is not { } d || (d >= u.FirstDieOffset && d < u.End);
    }

    private void DumpUnit(Unit unit)
    {
        output.Write($"0x{unit.Offset:x8}: {UnitKind(unit)}: length = 0x{(ulong)(unit.Length - (unit.OffsetSize == 8 ? 12 : 4)):x8}, ");
        output.Write($"format = {(unit.OffsetSize == 8 ? "DWARF64" : "DWARF32")}, version = 0x{unit.Version:x4}, ");
        if (unit.Version >= 5)
            output.Write($"unit_type = {DwarfNames.UnitType(unit.UnitType) ?? $"0x{unit.UnitType:x2}"}, ");
        output.Write($"abbr_offset = 0x{unit.AbbrevOffset:x4}, addr_size = 0x{unit.AddressSize:x2}");
        if (unit.IsTypeUnit)
            output.Write($", name = '{unit.TypeDie.Name}', type_signature = 0x{unit.TypeSignature:x16}, type_offset = 0x{unit.TypeOffset:x4}");
        if (unit.UnitType is DwUt.Skeleton or DwUt.SplitCompile)
            output.Write($", DWO_id = 0x{unit.DwoId:x16}");
        output.WriteLine($" (next unit at 0x{unit.End:x8})");
        output.WriteLine();

        var cursor = unit.Cursor();
        int? stopDepth = null;
        bool printing = options.DieOffset is null;
        while (cursor.MoveNext())
        {
            var die = cursor.Current;
            if (!printing && die.Offset == options.DieOffset)
            {
                printing = true;
                stopDepth = cursor.CurrentDepth;
            }
            else if (printing && stopDepth is { } sd && cursor.CurrentDepth <= sd)
            {
                break;
            }
            if (printing)
                DumpDie(die, Math.Max(0, cursor.CurrentDepth));
            if (printing && stopDepth is not null && !die.HasChildren && die.Offset == options.DieOffset)
                break;
        }
    }

    private static string UnitKind(Unit u) => u.UnitType switch
    {
        DwUt.Type or DwUt.SplitType => "Type Unit",
        DwUt.Partial => "Partial Unit",
        DwUt.Skeleton => "Skeleton Unit",
        DwUt.SplitCompile => "Split Compile Unit",
        _ => "Compile Unit",
    };

    private void DumpDie(Die die, int depth)
    {
        string indent = new(' ', depth * 2);
        if (die.IsNull)
        {
            output.WriteLine($"0x{die.Offset:x8}: {indent}NULL");
            output.WriteLine();
            return;
        }
        output.WriteLine($"0x{die.Offset:x8}: {indent}{DwarfNames.Tag(die.Tag)}");
        string attrIndent = new(' ', LabelWidth + 2 + depth * 2);
        ulong lowPc = 0;
        foreach (var a in die.Attributes())
        {
            if (a.Name == DwAt.LowPc && (a.Class == ValueClass.Address || !die.Unit.Dwarf.Addr.IsEmpty))
                lowPc = die.Unit.Address(a);
        }
        foreach (var a in die.Attributes())
        {
            output.Write(attrIndent);
            output.Write(DwarfNames.Attribute(a.Name));
            if (options.ShowForms)
                output.Write($" [{DwarfNames.Form(a.Form)}]");
            output.Write('\t');
            output.Write('(');
            output.Write(FormatValue(die, a, lowPc));
            output.WriteLine(')');
        }
        output.WriteLine();
    }

    /// <summary>An attribute's value, decoded and resolved as far as its class allows.</summary>
    public static string FormatValue(Die die, AttributeValue a, ulong lowPc)
    {
        var unit = die.Unit;
        switch (a.Class)
        {
            case ValueClass.Address:
                return Hex(a.Value, 16);
            case ValueClass.AddressIndex:
                // A split unit's addresses live in the skeleton's object, not in the .dwo.
                return unit.Dwarf.Addr.IsEmpty ? $"indexed ({a.Value:x8}) address = <unresolved>" : Hex(unit.Address(a), 16);
            case ValueClass.Flag:
                return a.Value != 0 ? "true" : "false";
            case ValueClass.Reference or ValueClass.AltReference:
                {
                    var target = unit.Target(a);
                    string? name = target.IsNull ? null : target.Name;
                    string offset = a.Class == ValueClass.AltReference ? $"<alt 0x{a.Value:x}>" : $"0x{a.Value:x8}";
                    return name is null ? offset : $"{offset} {Quote(name)}";
                }
            case ValueClass.Signature:
                return Hex(a.Value, 16);
            case ValueClass.StringOffset or ValueClass.LineStringOffset or ValueClass.AltStringOffset
                or ValueClass.StringIndex or ValueClass.InlineString:
                return Quote(unit.String(a));
            case ValueClass.Block:
                {
                    var bytes = unit.Section.Slice(a.DataOffset, a.DataLength);
                    return a.Form == DwForm.Exprloc || (a.Form != DwForm.Data16 && ExpressionAttributes.Contains(a.Name))
                        ? Expression.Format(bytes, unit)
                        : HexBlock(bytes);
                }
            case ValueClass.SectionOffset or ValueClass.RnglistIndex or ValueClass.LoclistIndex:
                return Hex(unit.ListOffset(a), 8);
        }

        if (a.Name == DwAt.HighPc)
            return Hex(lowPc + a.Value, 16);
        if (a.Name is DwAt.DeclFile or 0x58 /* call_file */ && unit.Lines?.FilePath(a.Value) is { } path)
            return Quote(path);
        if (DwarfNames.EnumeratedValue(a.Name, a.Value) is { } symbolic)
            return symbolic;
        if (a.Class == ValueClass.SignedConstant || a.Form == DwForm.ImplicitConst)
            return a.Signed.ToString();
        return a.Form switch
        {
            DwForm.Data1 => Hex(a.Value, 2),
            DwForm.Data2 => Hex(a.Value, 4),
            DwForm.Data4 => Hex(a.Value, 8),
            DwForm.Data8 => Hex(a.Value, 16),
            _ => a.Value.ToString(),
        };
    }

    private static string Hex(ulong v, int digits) => "0x" + v.ToString("x" + digits);

    private static string HexBlock(ReadOnlySpan<byte> bytes)
    {
        var sb = new StringBuilder($"<0x{bytes.Length:x2}>");
        foreach (byte b in bytes)
            sb.Append(' ').Append(b.ToString("x2"));
        return sb.Append(' ').ToString();
    }

    private static string Quote(string s)
    {
        var sb = new StringBuilder(s.Length + 2).Append('"');
        foreach (char c in s)
        {
            if (c is '"' or '\\')
                sb.Append('\\').Append(c);
            else if (c < 0x20)
                sb.Append($"\\x{(int)c:x2}");
            else
                sb.Append(c);
        }
        return sb.Append('"').ToString();
    }
}
