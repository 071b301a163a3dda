using DwarfAbi.Dwarf;
using DwarfAbi.Elf;

namespace DwarfAbi.Symvers;

/// <summary>
/// The DWARF of an object as the reference tool (libdw) sees it: debug sections that belong to a
/// section group are ignored. For <c>-fdebug-types-section</c> objects this leaves the type
/// units out, so signature references resolve to nothing, exactly as in the reference.
/// </summary>
internal static class SymversDwarf
{
    public static DwarfData Open(ElfFile elf)
    {
        ReadOnlyMemory<byte> Section(string name)
        {
            var section = Find(elf, ".debug_" + name) ?? Find(elf, ".zdebug_" + name);
            return section is null ? ReadOnlyMemory<byte>.Empty : elf.Data(section);
        }
        return new DwarfData(elf.BigEndian, Section);
    }

    private static Section? Find(ElfFile elf, string name) =>
        elf.Sections.FirstOrDefault(s => s.Name == name && (s.Flags & SectionFlags.Group) == 0);
}
