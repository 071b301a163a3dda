using DwarfAbi.Elf;

namespace DwarfAbi.Symvers;

/// <summary>Gives listed symbols their addresses from an object's symbol table, which is what makes aliases.</summary>
internal static class ElfSymbolReader
{
    private const byte LocalBinding = 0;

    public static void ReadAddresses(ElfFile elf, ExportedSymbols symbols, SymversLog log)
    {
        var table = elf.Symbols.Symbols;
        for (int i = 1; i < table.Count; i++)
        {
            var s = table[i];
            // Weak and unique definitions count like global ones; undefined ones never do.
            if (s.Binding == LocalBinding || s.Name.Length == 0 || !s.IsDefined)
                continue;
            symbols.SetAddress(s.Name, new SymbolAddress(s.SectionIndex, s.Value), log);
        }
    }
}
