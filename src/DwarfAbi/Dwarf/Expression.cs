using System.Text;
using DwarfAbi.IO;

namespace DwarfAbi.Dwarf;

/// <summary>Decodes DWARF expressions (location descriptions) into readable operations.</summary>
public static class Expression
{
    private enum Operand : byte { U8, S8, U16, S16, U32, S32, U64, S64, Uleb, Sleb, Addr, Offset }

    /// <summary>Operand layouts of the operations whose operands are plain numbers.</summary>
    private static readonly Dictionary<byte, Operand[]> Operands = new()
    {
        [0x03] = [Operand.Addr],                // addr
        [0x08] = [Operand.U8],
        [0x09] = [Operand.S8],
        [0x0a] = [Operand.U16],
        [0x0b] = [Operand.S16],
        [0x0c] = [Operand.U32],
        [0x0d] = [Operand.S32],
        [0x0e] = [Operand.U64],
        [0x0f] = [Operand.S64],
        [0x10] = [Operand.Uleb],
        [0x11] = [Operand.Sleb],
        [0x15] = [Operand.U8],                  // pick
        [0x23] = [Operand.Uleb],                // plus_uconst
        [0x28] = [Operand.S16],
        [0x2f] = [Operand.S16], // bra, skip
        [0x90] = [Operand.Uleb],                // regx
        [0x91] = [Operand.Sleb],                // fbreg
        [0x92] = [Operand.Uleb, Operand.Sleb],  // bregx
        [0x93] = [Operand.Uleb],                // piece
        [0x94] = [Operand.U8],
        [0x95] = [Operand.U8], // deref_size, xderef_size
        [0x98] = [Operand.U16],
        [0x99] = [Operand.U32],
        [0x9a] = [Operand.Offset], // call2, call4, call_ref
        [0x9d] = [Operand.Uleb, Operand.Uleb],  // bit_piece
        [0xa0] = [Operand.Offset, Operand.Sleb], // implicit_pointer
        [0xa1] = [Operand.Uleb],
        [0xa2] = [Operand.Uleb], // addrx, constx
        [0xa5] = [Operand.Uleb, Operand.Uleb],  // regval_type
        [0xa6] = [Operand.U8, Operand.Uleb],
        [0xa7] = [Operand.U8, Operand.Uleb], // deref_type, xderef_type
        [0xa8] = [Operand.Uleb],
        [0xa9] = [Operand.Uleb], // convert, reinterpret
        [0xf2] = [Operand.Offset, Operand.Sleb], // GNU_implicit_pointer
        [0xf5] = [Operand.Uleb, Operand.Uleb],  // GNU_regval_type
        [0xf6] = [Operand.U8, Operand.Uleb],    // GNU_deref_type
        [0xf7] = [Operand.Uleb],
        [0xf9] = [Operand.Uleb], // GNU_convert, GNU_reinterpret
        [0xfa] = [Operand.U32],                 // GNU_parameter_ref
        [0xfb] = [Operand.Uleb],
        [0xfc] = [Operand.Uleb], // GNU_addr_index, GNU_const_index
        [0xfd] = [Operand.Offset],              // GNU_variable_value
    };

    /// <summary>Formats an expression as <c>DW_OP_x operand, DW_OP_y ...</c>.</summary>
    public static string Format(ReadOnlySpan<byte> expr, Unit unit)
    {
        var sb = new StringBuilder();
        Append(sb, expr, unit);
        return sb.ToString();
    }

    private static void Append(StringBuilder sb, ReadOnlySpan<byte> expr, Unit unit)
    {
        var r = new SpanReader(expr, unit.Dwarf.BigEndian);
        bool first = true;
        while (!r.AtEnd)
        {
            if (!first)
                sb.Append(", ");
            first = false;
            byte op = r.U8();
            sb.Append(DwarfNames.Op(op) ?? $"DW_OP_unknown_0x{op:x}");
            if (op is >= 0x70 and <= 0x8f)
            {
                sb.Append(' ').Append(Signed(r.Sleb()));
            }
            else if (op is 0xa3 or 0xf3)
            {
                // entry_value holds a nested expression.
                var inner = r.Bytes((long)r.Uleb());
                sb.Append('(');
                Append(sb, inner, unit);
                sb.Append(')');
            }
            else if (op is 0x9e)
            {
                AppendBlock(sb, r.Bytes((long)r.Uleb()));
            }
            else if (op is 0xa4 or 0xf4)
            {
                sb.Append(" 0x").Append(r.Uleb().ToString("x"));
                AppendBlock(sb, r.Bytes(r.U8()));
            }
            else if (Operands.TryGetValue(op, out var operands))
            {
                foreach (var kind in operands)
                    AppendOperand(sb, ref r, kind, unit);
            }
            else if (DwarfNames.Op(op) is null)
            {
                throw new DwarfAbiException($"unknown DWARF expression operation 0x{op:x}", r.Position - 1);
            }
        }
    }

    private static void AppendOperand(StringBuilder sb, ref SpanReader r, Operand kind, Unit unit)
    {
        sb.Append(' ');
        switch (kind)
        {
            case Operand.S8: sb.Append(Signed((sbyte)r.U8())); break;
            case Operand.S16: sb.Append(Signed((short)r.U16())); break;
            case Operand.S32: sb.Append(Signed((int)r.U32())); break;
            case Operand.S64: sb.Append(Signed((long)r.U64())); break;
            case Operand.Sleb: sb.Append(Signed(r.Sleb())); break;
            default:
                ulong v = kind switch
                {
                    Operand.U8 => r.U8(),
                    Operand.U16 => r.U16(),
                    Operand.U32 => r.U32(),
                    Operand.U64 => r.U64(),
                    Operand.Uleb => r.Uleb(),
                    Operand.Addr => r.UInt(unit.AddressSize),
                    _ => r.UInt(unit.OffsetSize),
                };
                sb.Append("0x").Append(v.ToString("x"));
                break;
        }
    }

    private static string Signed(long v) => v < 0 ? v.ToString() : "+" + v;

    private static void AppendBlock(StringBuilder sb, ReadOnlySpan<byte> bytes)
    {
        sb.Append(" <0x").Append(bytes.Length.ToString("x")).Append('>');
        foreach (byte b in bytes)
            sb.Append(' ').Append(b.ToString("x2"));
    }
}
