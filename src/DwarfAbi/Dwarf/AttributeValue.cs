namespace DwarfAbi.Dwarf;

/// <summary>How an attribute value is to be understood, by the class of its form.</summary>
public enum ValueClass : byte
{
    Constant,       // data1..8, udata, implicit_const
    SignedConstant, // sdata
    Flag,
    Address,        // addr (already an address)
    AddressIndex,   // addrx*, GNU_addr_index: an index into .debug_addr
    Reference,      // an offset in the unit's own section
    AltReference,   // GNU_ref_alt, ref_sup*: an offset in the supplementary file
    Signature,      // ref_sig8
    StringOffset,   // strp: .debug_str
    LineStringOffset, // line_strp: .debug_line_str
    AltStringOffset,  // GNU_strp_alt, strp_sup
    StringIndex,    // strx*, GNU_str_index
    InlineString,   // string
    Block,          // block*, exprloc, data16: bytes in the unit
    SectionOffset,  // sec_offset
    LoclistIndex,
    RnglistIndex,
}

/// <summary>
/// A raw attribute value: the form, one integer, and for bytes held in the unit their position.
/// Nothing is resolved until asked (a string offset becomes a string only in <see cref="Unit"/>).
/// </summary>
public readonly struct AttributeValue
{
    public AttributeValue(ushort name, ushort form, ValueClass kind, ulong value, int dataOffset = 0, int dataLength = 0)
    {
        Name = name;
        Form = form;
        Class = kind;
        Value = value;
        DataOffset = dataOffset;
        DataLength = dataLength;
    }

    public ushort Name { get; }
    public ushort Form { get; }
    public ValueClass Class { get; }

    /// <summary>The integer: constant bits, offset, index, address, or an absolute DIE offset for references.</summary>
    public ulong Value { get; }

    /// <summary>For blocks, inline strings and data16: where the bytes start in the unit's section.</summary>
    public int DataOffset { get; }
    public int DataLength { get; }

    public long Signed => Class == ValueClass.SignedConstant || Form == DwForm.ImplicitConst ? (long)Value : SignExtend();

    private long SignExtend() => Form switch
    {
        DwForm.Data1 => (sbyte)Value,
        DwForm.Data2 => (short)Value,
        DwForm.Data4 => (int)Value,
        _ => (long)Value,
    };

    public bool IsConstant => Class is ValueClass.Constant or ValueClass.SignedConstant;
}
