using DwarfAbi.Elf;

namespace DwarfAbi.Btf.FromDwarf;

/// <summary>
/// What the encoder takes from the ELF symbol table: the names of functions (a DWARF function is
/// encoded only when a symbol carries its name) and the per-CPU variables with their sizes.
/// </summary>
public sealed class ElfSymbols
{
    public const string PercpuSection = ".data..percpu";

    private readonly HashSet<string> _functions = new(StringComparer.Ordinal);
    private readonly Dictionary<ulong, Symbol> _percpu = [];

    public ElfSymbols(ElfFile elf)
    {
        var section = elf.FindSection(PercpuSection);
        PercpuIndex = section?.Index ?? -1;
        PercpuAddress = section?.Address ?? 0;
        PercpuSize = section?.Size ?? 0;
        foreach (var s in elf.Symbols.Symbols)
        {
            if (s.Kind == SymbolKind.Func && s.Name.Length > 0)
                _functions.Add(s.Name);
            else if (s.Kind == SymbolKind.Object && section is not null && s.SectionIndex == (uint)section.Index && s.Size != 0)
                _percpu.TryAdd(elf.IsRelocatable ? s.Value : s.Value - PercpuAddress, s);
        }
    }

    public int PercpuIndex { get; }
    public ulong PercpuAddress { get; }
    public ulong PercpuSize { get; }
    public bool HasFunctions => _functions.Count > 0;

    public bool IsFunction(string name) => _functions.Contains(name);

    /// <summary>The per-CPU variable symbol at an offset from the start of <c>.data..percpu</c>.</summary>
    public Symbol? PercpuAt(ulong offset) => _percpu.TryGetValue(offset, out var s) ? s : null;
}
