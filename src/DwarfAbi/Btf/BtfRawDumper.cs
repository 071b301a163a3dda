using System.Text;

namespace DwarfAbi.Btf;

/// <summary>Every type of a BTF object, one record per block, in the layout of <c>bpftool btf dump ... format raw</c>.</summary>
public static class BtfRawDumper
{
    public static void Dump(BtfData btf, TextWriter w)
    {
        var sb = new StringBuilder();
        for (int i = 0; i < btf.Types.Count; i++)
        {
            sb.Clear();
            Format(btf, btf.StartId + (uint)i, btf.Types[i], sb);
            w.Write(sb.Append('\n').ToString());
        }
    }

    private static void Format(BtfData btf, uint id, BtfType t, StringBuilder sb)
    {
        string Name(uint off) => off == 0 ? "(anon)" : btf.Name(off);
        sb.Append($"[{id}] {BtfKindNames.Name(t.Kind)} '{Name(t.NameOff)}'");
        switch (t.Kind)
        {
            case BtfKind.Int:
                sb.Append($" size={t.SizeOrType} bits_offset={t.IntOffset} nr_bits={t.IntBits} encoding={IntEncoding(t.IntEncoding)}");
                break;
            case BtfKind.Ptr or BtfKind.Const or BtfKind.Volatile or BtfKind.Restrict or BtfKind.Typedef or BtfKind.TypeTag:
                sb.Append($" type_id={t.SizeOrType}");
                break;
            case BtfKind.Array:
                sb.Append($" type_id={t.ArrayElem} index_type_id={t.ArrayIndex} nr_elems={t.ArrayCount}");
                break;
            case BtfKind.Struct or BtfKind.Union:
                sb.Append($" size={t.SizeOrType} vlen={t.Vlen}");
                for (int i = 0; i < t.Vlen; i++)
                {
                    sb.Append($"\n\t'{Name(t.MemberName(i))}' type_id={t.MemberType(i)} bits_offset={t.MemberBitOffset(i)}");
                    if (t.MemberBitfieldSize(i) != 0)
                        sb.Append($" bitfield_size={t.MemberBitfieldSize(i)}");
                }
                break;
            case BtfKind.Enum or BtfKind.Enum64:
                sb.Append($" encoding={(t.KFlag ? "SIGNED" : "UNSIGNED")} size={t.SizeOrType} vlen={t.Vlen}");
                for (int i = 0; i < t.Vlen; i++)
                {
                    long v = t.EnumValue(i);
                    string value = t.Kind == BtfKind.Enum
                        ? (t.KFlag ? ((int)v).ToString() : ((uint)v).ToString())
                        : (t.KFlag ? $"{v}LL" : $"{(ulong)v}ULL");
                    sb.Append($"\n\t'{Name(t.EnumName(i))}' val={value}");
                }
                break;
            case BtfKind.Fwd:
                sb.Append($" fwd_kind={(t.KFlag ? "union" : "struct")}");
                break;
            case BtfKind.Func:
                sb.Append($" type_id={t.SizeOrType} linkage={Linkage((uint)t.Vlen)}");
                break;
            case BtfKind.FuncProto:
                sb.Append($" ret_type_id={t.SizeOrType} vlen={t.Vlen}");
                for (int i = 0; i < t.Vlen; i++)
                    sb.Append($"\n\t'{Name(t.ParamName(i))}' type_id={t.ParamType(i)}");
                break;
            case BtfKind.Var:
                sb.Append($" type_id={t.SizeOrType}, linkage={Linkage(t.VarLinkage)}");
                break;
            case BtfKind.Datasec:
                sb.Append($" size={t.SizeOrType} vlen={t.Vlen}");
                for (int i = 0; i < t.Vlen; i++)
                    sb.Append($"\n\ttype_id={t.SecinfoType(i)} offset={t.SecinfoOffset(i)} size={t.SecinfoSize(i)}");
                break;
            case BtfKind.Float:
                sb.Append($" size={t.SizeOrType}");
                break;
            case BtfKind.DeclTag:
                sb.Append($" type_id={t.SizeOrType} component_idx={t.DeclTagComponent}");
                break;
        }
    }

    private static string IntEncoding(uint e) => e switch
    {
        0 => "(none)",
        BtfConstants.IntSigned => "SIGNED",
        BtfConstants.IntChar => "CHAR",
        BtfConstants.IntBool => "BOOL",
        _ => "UNKN",
    };

    private static string Linkage(uint l) => l switch
    {
        0 => "static",
        1 => "global",
        2 => "extern",
        _ => "(unknown)",
    };
}
