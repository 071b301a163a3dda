using DwarfAbi.Dwarf;

namespace DwarfAbi.Symvers;

public enum SymbolState
{
    /// <summary>Not yet bound to a DIE.</summary>
    Unprocessed,
    /// <summary>Bound to a DIE; its version is not computed yet.</summary>
    Mapped,
    /// <summary>Has its CRC.</summary>
    Processed,
}

/// <summary>Where a symbol is defined: the ELF section number and value. Aliases share one.</summary>
public readonly record struct SymbolAddress(uint Section, ulong Value);

/// <summary>One name read from the symbol list, and what the run learns about it.</summary>
public sealed class ExportedSymbol
{
    internal ExportedSymbol(string name, int order)
    {
        Name = name;
        Order = order;
        Bucket = NameHash.Bucket(name);
    }

    public string Name { get; }
    /// <summary>Position in the list after duplicates were dropped.</summary>
    public int Order { get; }
    internal int Bucket { get; }

    public SymbolAddress? Address { get; internal set; }
    public SymbolState State { get; internal set; }
    public uint Crc { get; internal set; }

    /// <summary>The DIE whose type string versions the symbol (a subprogram, variable, or pointer stand-in).</summary>
    internal Die? Die { get; set; }

    /// <summary>The type remembered from a <c>__gendwarfksyms_ptr_</c> variable, used when no better DIE turns up.</summary>
    internal Die? PointerDie { get; set; }

    public override string ToString() => Name;
}
