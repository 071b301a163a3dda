namespace DwarfAbi.Elf;

/// <summary>The header fields an object must share with others to be linked with them.</summary>
public sealed record ElfTarget(bool Is64, bool BigEndian, ushort Machine, uint Flags, byte OsAbi)
{
    public int LongSize => Is64 ? 8 : 4;

    public static ElfTarget Of(ElfFile elf)
    {
        var r = new IO.SpanReader(elf.Bytes.Span, elf.BigEndian, elf.Is64 ? 48 : 36);
        return new ElfTarget(elf.Is64, elf.BigEndian, elf.Machine, r.U32(), elf.Bytes.Span[7]);
    }
}
