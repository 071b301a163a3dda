using DwarfAbi.Elf;
using DwarfAbi.IO;

namespace DwarfAbi.Modversions;

/// <summary>
/// The exports of a linked kernel image or module, read from its symbol table: each
/// <c>__ksymtab_NAME</c> marks an export (GPL-only when it lies in a <c>__ksymtab_gpl</c>
/// section) and each <c>__crc_NAME</c> gives its CRC, either as the value of an absolute symbol
/// (genksyms' linker-script form) or as the u32 the symbol labels in <c>__kcrctab*</c>.
/// Namespaces are not recovered from ELF; Module.symvers carries them.
/// </summary>
public static class ElfExports
{
    private const string CrcPrefix = "__crc_";
    private const string KsymtabPrefix = "__ksymtab_";

    public static List<KernelExport> Read(ElfFile elf, string module)
    {
        var crcs = new Dictionary<string, uint>(StringComparer.Ordinal);
        var exported = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (var sym in elf.Symbols.Symbols)
        {
            if (!sym.IsDefined)
                continue;
            if (sym.Name.StartsWith(CrcPrefix, StringComparison.Ordinal))
                crcs.TryAdd(sym.Name[CrcPrefix.Length..], CrcOf(elf, sym));
            else if (sym.Name.StartsWith(KsymtabPrefix, StringComparison.Ordinal) && sym.SectionIndex < elf.Sections.Count)
            {
                string section = elf.SectionAt((int)sym.SectionIndex).Name;
                if (section.StartsWith("__ksymtab", StringComparison.Ordinal) && !section.StartsWith("__ksymtab_strings", StringComparison.Ordinal))
                    exported.TryAdd(sym.Name[KsymtabPrefix.Length..], section.Contains("_gpl", StringComparison.Ordinal));
            }
        }
        var result = new List<KernelExport>(Math.Max(exported.Count, crcs.Count));
        foreach (var (name, gpl) in exported)
            result.Add(new KernelExport(name, crcs.TryGetValue(name, out uint c) ? c : null, module, gpl, ""));
        // A CRC without a ksymtab marker still versions the name (stripped images keep only __crc_).
        foreach (var (name, crc) in crcs)
        {
            if (!exported.ContainsKey(name))
                result.Add(new KernelExport(name, crc, module, false, ""));
        }
        return result;
    }

    private static uint CrcOf(ElfFile elf, Symbol sym)
    {
        if (sym.SectionIndex == SectionIndex.Abs)
            return (uint)sym.Value;
        var section = elf.SectionAt((int)sym.SectionIndex);
        ulong offset = elf.IsRelocatable ? sym.Value : sym.Value - section.Address;
        var data = elf.RawData(section).Span;
        if (offset > (ulong)data.Length - 4 || data.Length < 4)
            throw new DwarfAbiException($"symbol {sym.Name} points outside section {section.Name}", (long)section.Offset);
        return new SpanReader(data, elf.BigEndian, (int)offset).U32();
    }
}
