namespace DwarfAbi.Elf;

/// <summary>One section header, decoded. The section's bytes come from <see cref="ElfFile"/>.</summary>
public sealed record Section(
    int Index,
    string Name,
    uint Type,
    ulong Flags,
    ulong Address,
    ulong Offset,
    ulong Size,
    uint Link,
    uint Info,
    ulong AddressAlign,
    ulong EntrySize)
{
    public bool IsCompressed => (Flags & SectionFlags.Compressed) != 0;
    public bool IsRelocationTable => Type is SectionType.Rela or SectionType.Rel;
}
