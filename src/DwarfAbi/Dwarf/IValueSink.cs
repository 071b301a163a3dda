namespace DwarfAbi.Dwarf;

/// <summary>
/// Receives the decoded attribute values of an entry from <see cref="EntriesRaw.ReadValues{TSink}"/>
/// or <see cref="EntriesRaw.ReadAll{TSink}"/>.
/// A struct implementation lets the compiler specialise and inline the decode loop for it.
/// </summary>
public interface IValueSink
{
    /// <summary>An integer: a constant (sdata and implicit_const sign-extended to 64 bits), a
    /// flag, an address, a section offset, an index (addrx, loclistx, rnglistx) or a signature.</summary>
    void Constant(ulong value);

    /// <summary>A reference, as the offset of the DIE in the unit's section (ref1..ref_udata) or
    /// in .debug_info (ref_addr). References to a supplementary file arrive as constants.</summary>
    void Reference(ulong offset);

    /// <summary>A string of .debug_str, .debug_line_str or the unit itself, without its NUL.</summary>
    void String(ReadOnlySpan<byte> bytes);

    /// <summary>The bytes of a block, an expression or a data16 value.</summary>
    void Block(ReadOnlySpan<byte> bytes);
}

/// <summary>Receives every entry of a unit, and then its values, from <see cref="EntriesRaw.ReadAll{TSink}"/>.</summary>
public interface IEntrySink : IValueSink
{
    /// <summary>An entry at an offset of the unit's section, before its values;
    /// <see cref="Abbrev.Null"/> for a null entry, which has none.</summary>
    void Entry(int offset, Abbrev abbrev);
}
