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
    public static DwarfData Open(ElfFile elf) =>
        DwarfData.FromElf(elf, s => (s.Flags & SectionFlags.Group) == 0);
}
