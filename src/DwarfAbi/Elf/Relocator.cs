using System.Buffers.Binary;
using DwarfAbi.IO;

namespace DwarfAbi.Elf;

/// <summary>What a relocation type does to the bytes it targets.</summary>
internal enum RelocationOp
{
    None,
    Absolute,   // S + A
    PcRelative, // S + A - P
    Add,        // existing + (S + A)
    Sub,        // existing - (S + A)
    Sub6,       // low 6 bits: existing - (S + A)
    Set6,       // low 6 bits: S + A
    SetUleb,    // ULEB128 in place: S + A
    SubUleb,    // ULEB128 in place: existing - (S + A)
}

internal readonly record struct RelocationRule(RelocationOp Op, int Width);

/// <summary>
/// Applies the relocations of a relocatable object's debug sections, per machine. Linked
/// objects are never relocated here: their <c>.rela.debug_*</c> sections are already applied.
/// </summary>
internal static class Relocator
{
    private static readonly RelocationRule None = new(RelocationOp.None, 0);
    private static RelocationRule Abs(int width) => new(RelocationOp.Absolute, width);

    public static RelocationRule? Rule(ushort machine, uint type) => machine switch
    {
        Machine.X86_64 => type switch
        {
            0 => None,
            1 => Abs(8),                             // R_X86_64_64
            2 => new(RelocationOp.PcRelative, 4),    // R_X86_64_PC32
            10 or 11 => Abs(4),                      // R_X86_64_32, 32S
            17 => Abs(8),                            // R_X86_64_DTPOFF64
            21 => Abs(4),                            // R_X86_64_DTPOFF32
            24 => new(RelocationOp.PcRelative, 8),   // R_X86_64_PC64
            _ => null,
        },
        Machine.I386 => type switch
        {
            0 => None,
            1 or 32 or 36 => Abs(4),                 // R_386_32, TLS_LDO_32, TLS_DTPOFF32
            2 => new(RelocationOp.PcRelative, 4),    // R_386_PC32
            _ => null,
        },
        Machine.AArch64 => type switch
        {
            0 => None,
            257 or 1029 => Abs(8),                   // R_AARCH64_ABS64, TLS_DTPREL64
            258 => Abs(4),                           // R_AARCH64_ABS32
            259 => Abs(2),                           // R_AARCH64_ABS16
            260 => new(RelocationOp.PcRelative, 8),  // R_AARCH64_PREL64
            261 => new(RelocationOp.PcRelative, 4),  // R_AARCH64_PREL32
            _ => null,
        },
        Machine.Arm => type switch
        {
            0 => None,
            2 or 38 or 106 => Abs(4),                // R_ARM_ABS32, TARGET1, TLS_LDO32
            3 => new(RelocationOp.PcRelative, 4),    // R_ARM_REL32
            _ => null,
        },
        Machine.RiscV => type switch
        {
            0 or 51 => None,                         // R_RISCV_NONE, RELAX (a hint for the linker)
            1 or 8 => Abs(4),                        // R_RISCV_32, TLS_DTPREL32
            2 or 9 => Abs(8),                        // R_RISCV_64, TLS_DTPREL64
            33 => new(RelocationOp.Add, 1),
            34 => new(RelocationOp.Add, 2),
            35 => new(RelocationOp.Add, 4),
            36 => new(RelocationOp.Add, 8),
            37 => new(RelocationOp.Sub, 1),
            38 => new(RelocationOp.Sub, 2),
            39 => new(RelocationOp.Sub, 4),
            40 => new(RelocationOp.Sub, 8),
            52 => new(RelocationOp.Sub6, 1),
            53 => new(RelocationOp.Set6, 1),
            54 => Abs(1),                            // R_RISCV_SET8
            55 => Abs(2),                            // R_RISCV_SET16
            56 => Abs(4),                            // R_RISCV_SET32
            57 => new(RelocationOp.PcRelative, 4),   // R_RISCV_32_PCREL
            60 => new(RelocationOp.SetUleb, 0),
            61 => new(RelocationOp.SubUleb, 0),
            _ => null,
        },
        Machine.S390 => type switch
        {
            0 => None,
            1 => Abs(1),                             // R_390_8
            3 => Abs(2),                             // R_390_16
            4 or 52 => Abs(4),                       // R_390_32, TLS_LDO32
            5 => new(RelocationOp.PcRelative, 4),    // R_390_PC32
            22 or 53 => Abs(8),                      // R_390_64, TLS_LDO64
            23 => new(RelocationOp.PcRelative, 8),   // R_390_PC64
            _ => null,
        },
        Machine.Ppc64 => type switch
        {
            0 => None,
            1 => Abs(4),                             // R_PPC64_ADDR32
            3 => Abs(2),                             // R_PPC64_ADDR16
            26 => new(RelocationOp.PcRelative, 4),   // R_PPC64_REL32
            38 or 78 => Abs(8),                      // R_PPC64_ADDR64, DTPREL64
            44 => new(RelocationOp.PcRelative, 8),   // R_PPC64_REL64
            _ => null,
        },
        _ => null,
    };

    public static void Apply(ElfFile elf, Section table, Section target, byte[] buffer)
    {
        bool rela = table.Type == SectionType.Rela;
        int entrySize = (elf.Is64 ? 8 : 4) * (rela ? 3 : 2);
        var symbols = elf.Symbols.Count > 0 && elf.Sections.FirstOrDefault(s => s.Type == SectionType.SymTab)?.Index == (int)table.Link
            ? elf.Symbols
            : SymbolTable.Read(elf, elf.SectionAt((int)table.Link));
        var data = elf.RawData(table).Span;
        var r = new SpanReader(data, elf.BigEndian);
        for (int i = 0; i + entrySize <= data.Length; i += entrySize)
        {
            r.Position = i;
            ulong offset = r.UInt(elf.AddressSize);
            ulong info = r.UInt(elf.AddressSize);
            long addend = rela ? (long)r.UInt(elf.AddressSize) : 0;
            if (!elf.Is64)
                addend = (int)addend;
            uint type = elf.Is64 ? (uint)info : (uint)(info & 0xff);
            int symIndex = (int)(elf.Is64 ? info >> 32 : info >> 8);

            var rule = Rule(elf.Machine, type)
                ?? throw new DwarfAbiException($"unsupported relocation type {type} for {Machine.Name(elf.Machine)} in {table.Name}", (long)table.Offset + i);
            if (rule.Op == RelocationOp.None)
                continue;
            if (offset >= (ulong)buffer.Length || (ulong)rule.Width > (ulong)buffer.Length - offset)
                throw new DwarfAbiException($"relocation in {table.Name} targets offset 0x{offset:x} outside {target.Name} (size 0x{buffer.Length:x})", (long)table.Offset + i);
            ulong s = symIndex == 0 ? 0 : symbols[symIndex].Value;
            var place = buffer.AsSpan((int)offset);
            if (!rela && rule.Op is RelocationOp.Absolute or RelocationOp.PcRelative)
                addend = SignExtend(Read(place, rule.Width, elf.BigEndian), rule.Width);
            ulong value = s + (ulong)addend;
            switch (rule.Op)
            {
                case RelocationOp.Absolute:
                    Write(place, rule.Width, value, elf.BigEndian);
                    break;
                case RelocationOp.PcRelative:
                    Write(place, rule.Width, value - (target.Address + offset), elf.BigEndian);
                    break;
                case RelocationOp.Add:
                    Write(place, rule.Width, Read(place, rule.Width, elf.BigEndian) + value, elf.BigEndian);
                    break;
                case RelocationOp.Sub:
                    Write(place, rule.Width, Read(place, rule.Width, elf.BigEndian) - value, elf.BigEndian);
                    break;
                case RelocationOp.Sub6:
                    place[0] = (byte)((place[0] & 0xc0) | ((place[0] - (int)value) & 0x3f));
                    break;
                case RelocationOp.Set6:
                    place[0] = (byte)((place[0] & 0xc0) | ((int)value & 0x3f));
                    break;
                case RelocationOp.SetUleb:
                    WriteUlebInPlace(place, value, table, i);
                    break;
                case RelocationOp.SubUleb:
                    WriteUlebInPlace(place, new SpanReader(place, false).Uleb() - value, table, i);
                    break;
            }
        }
    }

    private static long SignExtend(ulong v, int width) => width switch
    {
        1 => (sbyte)v,
        2 => (short)v,
        4 => (int)v,
        _ => (long)v,
    };

    private static ulong Read(Span<byte> p, int width, bool bigEndian) => width switch
    {
        1 => p[0],
        2 => bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(p) : BinaryPrimitives.ReadUInt16LittleEndian(p),
        4 => bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(p) : BinaryPrimitives.ReadUInt32LittleEndian(p),
        _ => bigEndian ? BinaryPrimitives.ReadUInt64BigEndian(p) : BinaryPrimitives.ReadUInt64LittleEndian(p),
    };

    private static void Write(Span<byte> p, int width, ulong v, bool bigEndian)
    {
        switch (width)
        {
            case 1:
                p[0] = (byte)v;
                break;
            case 2:
                if (bigEndian) BinaryPrimitives.WriteUInt16BigEndian(p, (ushort)v);
                else BinaryPrimitives.WriteUInt16LittleEndian(p, (ushort)v);
                break;
            case 4:
                if (bigEndian) BinaryPrimitives.WriteUInt32BigEndian(p, (uint)v);
                else BinaryPrimitives.WriteUInt32LittleEndian(p, (uint)v);
                break;
            default:
                if (bigEndian) BinaryPrimitives.WriteUInt64BigEndian(p, v);
                else BinaryPrimitives.WriteUInt64LittleEndian(p, v);
                break;
        }
    }

    /// <summary>Rewrites a ULEB128 without changing its length, as the linker does.</summary>
    private static void WriteUlebInPlace(Span<byte> place, ulong value, Section table, int entry)
    {
        int length = place.IndexOfAnyInRange((byte)0, (byte)0x7f) + 1;
        if (length == 0)
            throw new DwarfAbiException($"relocation in {table.Name} targets an unterminated ULEB128", (long)table.Offset + entry);
        for (int k = 0; k < length; k++)
        {
            byte b = (byte)(value & 0x7f);
            value >>= 7;
            place[k] = k < length - 1 ? (byte)(b | 0x80) : b;
        }
    }
}
