namespace DwarfAbi.Elf;

public static class ElfType
{
    public const ushort Relocatable = 1;
    public const ushort Executable = 2;
    public const ushort Shared = 3;
}

public static class SectionType
{
    public const uint Null = 0;
    public const uint ProgBits = 1;
    public const uint SymTab = 2;
    public const uint StrTab = 3;
    public const uint Rela = 4;
    public const uint NoBits = 8;
    public const uint Rel = 9;
    public const uint DynSym = 11;
    public const uint SymTabShndx = 18;
}

public static class SectionFlags
{
    public const ulong Alloc = 0x2;
    public const ulong Group = 0x200;
    public const ulong Compressed = 0x800;
}

public static class SectionIndex
{
    public const ushort Undefined = 0;
    public const ushort LoReserve = 0xff00;
    public const ushort Abs = 0xfff1;
    public const ushort Common = 0xfff2;
    public const ushort XIndex = 0xffff;
}

public static class Machine
{
    public const ushort I386 = 3;
    public const ushort Ppc64 = 21;
    public const ushort S390 = 22;
    public const ushort Arm = 40;
    public const ushort X86_64 = 62;
    public const ushort AArch64 = 183;
    public const ushort RiscV = 243;

    public static string Name(ushort machine) => machine switch
    {
        I386 => "i386",
        Ppc64 => "ppc64",
        S390 => "s390",
        Arm => "arm",
        X86_64 => "x86_64",
        AArch64 => "aarch64",
        RiscV => "riscv",
        _ => $"machine {machine}",
    };
}

public static class SymbolBinding
{
    public const byte Local = 0;
    public const byte Global = 1;
    public const byte Weak = 2;
    public const byte GnuUnique = 10;
}

public static class SymbolKind
{
    public const byte NoType = 0;
    public const byte Object = 1;
    public const byte Func = 2;
    public const byte Section = 3;
    public const byte File = 4;
    public const byte Tls = 6;
}
