namespace DwarfAbi.Dwarf;

/// <summary>
/// How one attribute value is read, with the unit's address and offset sizes already resolved:
/// a small dense set, so that a walk over every value switches on a jump table rather than on
/// DW_FORM codes, and learns each size from the opcode instead of from <see cref="FormSizes"/>.
/// </summary>
internal enum DecodeOp : byte
{
    /// <summary>The next <see cref="DecodeStep.Operand"/> bytes hold a run of fixed-size values:
    /// one bounds check for the run, after which the fixed-size steps read without their own.</summary>
    Ensure,

    // Fixed size, covered by the Ensure before them.
    Constant1,
    Constant2,
    Constant3,
    Constant4,
    Constant8,
    /// <summary>An offset of the unit (ref1..ref8): the value plus the unit's offset.</summary>
    UnitRef1,
    UnitRef2,
    UnitRef4,
    UnitRef8,
    /// <summary>DW_FORM_ref_addr: an offset of .debug_info.</summary>
    InfoRef4,
    InfoRef8,
    Strp4,
    Strp8,
    LineStrp4,
    LineStrp8,
    Strx1,
    Strx2,
    Strx3,
    Strx4,
    Data16,

    // No bytes.
    /// <summary>DW_FORM_flag_present: true.</summary>
    Present,
    /// <summary>DW_FORM_implicit_const: the constant is <see cref="DecodeStep.Operand"/>.</summary>
    Implicit,

    // Variable size: each checks its own bounds.
    Udata,
    Sdata,
    UnitRefUdata,
    StrxUdata,
    String,
    Block1,
    Block2,
    Block4,
    BlockUdata,

    /// <summary>Anything else (DW_FORM_indirect, forms this table does not know): read by
    /// <see cref="Unit.ReadValue"/>, which also reports unknown forms.</summary>
    General,
}

/// <summary>
/// One step of an abbreviation's decoder: an opcode and its operand, the byte count of an
/// <see cref="DecodeOp.Ensure"/>, or for <see cref="DecodeOp.Implicit"/> and
/// <see cref="DecodeOp.General"/> the position of the attribute among the abbreviation's specs.
/// </summary>
internal readonly record struct DecodeStep(DecodeOp Op, int Operand = 0)
{
    /// <summary>
    /// Appends the steps that read the values of an abbreviation's attributes in units of the
    /// given sizes: one per attribute, with an <see cref="DecodeOp.Ensure"/> before each run of
    /// fixed-size values. Returns the size of all the values when every one has a fixed size, else -1.
    /// </summary>
    public static int Compile(ReadOnlySpan<AttributeSpec> specs, FormSizes sizes, List<DecodeStep> steps)
    {
        int runStart = -1;
        int runBytes = 0;
        int total = 0;
        for (int i = 0; i < specs.Length; i++)
        {
            var op = Of(specs[i].Form, sizes);
            int size = FixedSize(op);
            total = size < 0 || total < 0 ? -1 : total + size;
            if (size > 0)
            {
                if (runStart < 0)
                {
                    runStart = steps.Count;
                    runBytes = 0;
                    steps.Add(default);
                }
                runBytes += size;
            }
            else if (size < 0 && runStart >= 0)
            {
                steps[runStart] = new DecodeStep(DecodeOp.Ensure, runBytes);
                runStart = -1;
            }
            steps.Add(new DecodeStep(op, op is DecodeOp.Implicit or DecodeOp.General ? i : 0));
        }
        if (runStart >= 0)
            steps[runStart] = new DecodeStep(DecodeOp.Ensure, runBytes);
        return total;
    }

    private static DecodeOp Of(ushort form, FormSizes sizes) => form switch
    {
        DwForm.Data1 or DwForm.Flag or DwForm.Addrx1 => DecodeOp.Constant1,
        DwForm.Data2 or DwForm.Addrx2 => DecodeOp.Constant2,
        DwForm.Addrx3 => DecodeOp.Constant3,
        DwForm.Data4 or DwForm.Addrx4 or DwForm.RefSup4 => DecodeOp.Constant4,
        DwForm.Data8 or DwForm.RefSig8 or DwForm.RefSup8 => DecodeOp.Constant8,
        DwForm.Addr => Sized(sizes.AddressSize, DecodeOp.Constant1, DecodeOp.Constant2, DecodeOp.Constant4, DecodeOp.Constant8),
        DwForm.SecOffset or DwForm.StrpSup or DwForm.GnuStrpAlt or DwForm.GnuRefAlt =>
            Sized(sizes.OffsetSize, DecodeOp.General, DecodeOp.General, DecodeOp.Constant4, DecodeOp.Constant8),
        DwForm.Ref1 => DecodeOp.UnitRef1,
        DwForm.Ref2 => DecodeOp.UnitRef2,
        DwForm.Ref4 => DecodeOp.UnitRef4,
        DwForm.Ref8 => DecodeOp.UnitRef8,
        DwForm.RefUdata => DecodeOp.UnitRefUdata,
        DwForm.RefAddr => Sized(sizes.FixedSize(DwForm.RefAddr), DecodeOp.General, DecodeOp.General, DecodeOp.InfoRef4, DecodeOp.InfoRef8),
        DwForm.Strp => Sized(sizes.OffsetSize, DecodeOp.General, DecodeOp.General, DecodeOp.Strp4, DecodeOp.Strp8),
        DwForm.LineStrp => Sized(sizes.OffsetSize, DecodeOp.General, DecodeOp.General, DecodeOp.LineStrp4, DecodeOp.LineStrp8),
        DwForm.Strx1 => DecodeOp.Strx1,
        DwForm.Strx2 => DecodeOp.Strx2,
        DwForm.Strx3 => DecodeOp.Strx3,
        DwForm.Strx4 => DecodeOp.Strx4,
        DwForm.Strx or DwForm.GnuStrIndex => DecodeOp.StrxUdata,
        DwForm.Data16 => DecodeOp.Data16,
        DwForm.FlagPresent => DecodeOp.Present,
        DwForm.ImplicitConst => DecodeOp.Implicit,
        DwForm.Udata or DwForm.Addrx or DwForm.GnuAddrIndex or DwForm.Loclistx or DwForm.Rnglistx => DecodeOp.Udata,
        DwForm.Sdata => DecodeOp.Sdata,
        DwForm.String => DecodeOp.String,
        DwForm.Block1 => DecodeOp.Block1,
        DwForm.Block2 => DecodeOp.Block2,
        DwForm.Block4 => DecodeOp.Block4,
        DwForm.Block or DwForm.Exprloc => DecodeOp.BlockUdata,
        _ => DecodeOp.General,
    };

    private static DecodeOp Sized(int size, DecodeOp one, DecodeOp two, DecodeOp four, DecodeOp eight) => size switch
    {
        1 => one,
        2 => two,
        4 => four,
        8 => eight,
        _ => DecodeOp.General,
    };

    /// <summary>Bytes the op reads when that is fixed (0 for none), or -1.</summary>
    internal static int FixedSize(DecodeOp op) => op switch
    {
        DecodeOp.Constant1 or DecodeOp.UnitRef1 or DecodeOp.Strx1 => 1,
        DecodeOp.Constant2 or DecodeOp.UnitRef2 or DecodeOp.Strx2 => 2,
        DecodeOp.Constant3 or DecodeOp.Strx3 => 3,
        DecodeOp.Constant4 or DecodeOp.UnitRef4 or DecodeOp.InfoRef4 or DecodeOp.Strp4 or DecodeOp.LineStrp4 or DecodeOp.Strx4 => 4,
        DecodeOp.Constant8 or DecodeOp.UnitRef8 or DecodeOp.InfoRef8 or DecodeOp.Strp8 or DecodeOp.LineStrp8 => 8,
        DecodeOp.Data16 => 16,
        DecodeOp.Present or DecodeOp.Implicit => 0,
        _ => -1,
    };
}
