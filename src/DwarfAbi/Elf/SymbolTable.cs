using DwarfAbi.IO;

namespace DwarfAbi.Elf;

/// <summary>One ELF symbol; <see cref="SectionIndex"/> is already resolved through SHT_SYMTAB_SHNDX.</summary>
public readonly record struct Symbol(int Index, string Name, ulong Value, ulong Size, byte Info, byte Other, uint SectionIndex)
{
    public byte Binding => (byte)(Info >> 4);
    public byte Kind => (byte)(Info & 0xf);
    public bool IsDefined => SectionIndex != Elf.SectionIndex.Undefined;
}

/// <summary>The static symbol table (<c>SHT_SYMTAB</c>) of an object, decoded once.</summary>
public sealed class SymbolTable
{
    public static readonly SymbolTable Empty = new([]);

    private SymbolTable(Symbol[] symbols) => Symbols = symbols;

    /// <summary>All entries, index 0 (the null symbol) included, so that indices match relocations.</summary>
    public IReadOnlyList<Symbol> Symbols { get; }

    public int Count => Symbols.Count;

    public Symbol this[int index] => (uint)index < (uint)Symbols.Count
        ? Symbols[index]
        : throw new DwarfAbiException($"symbol index {index} out of range (table has {Symbols.Count})");

    internal static SymbolTable Load(ElfFile elf)
    {
        var table = elf.Sections.FirstOrDefault(s => s.Type == SectionType.SymTab);
        return table is null ? Empty : Read(elf, table);
    }

    internal static SymbolTable Read(ElfFile elf, Section table)
    {
        int entrySize = elf.Is64 ? 24 : 16;
        if (table.EntrySize != (ulong)entrySize)
            throw new DwarfAbiException($"symbol table {table.Name} has entry size {table.EntrySize}, expected {entrySize}", (long)table.Offset);
        var data = elf.RawData(table).Span;
        var strings = elf.RawData(elf.SectionAt((int)table.Link)).Span;
        var shndx = elf.Sections.FirstOrDefault(s => s.Type == SectionType.SymTabShndx && s.Link == (uint)table.Index);
        var extended = shndx is null ? default : elf.RawData(shndx).Span;

        int count = data.Length / entrySize;
        var symbols = new Symbol[count];
        var r = new SpanReader(data, elf.BigEndian);
        for (int i = 0; i < count; i++)
        {
            uint name;
            ulong value, size;
            byte info, other;
            ushort section;
            if (elf.Is64)
            {
                name = r.U32();
                info = r.U8();
                other = r.U8();
                section = r.U16();
                value = r.U64();
                size = r.U64();
            }
            else
            {
                name = r.U32();
                value = r.U32();
                size = r.U32();
                info = r.U8();
                other = r.U8();
                section = r.U16();
            }
            uint index = section;
            if (section == SectionIndex.XIndex)
            {
                if (extended.Length < (i + 1) * 4)
                    throw new DwarfAbiException($"symbol {i} uses SHN_XINDEX but SHT_SYMTAB_SHNDX has no entry for it", (long)table.Offset + i * entrySize);
                index = new SpanReader(extended, elf.BigEndian, i * 4).U32();
            }
            symbols[i] = new Symbol(i, name == 0 ? "" : SpanReader.StringAt(strings, name), value, size, info, other, index);
        }
        return new SymbolTable(symbols);
    }
}
