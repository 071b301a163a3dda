namespace DwarfAbi.Dwarf;

/// <summary>The unit parameters that fix the size of a form's value.</summary>
public readonly record struct FormSizes(byte AddressSize, byte OffsetSize, ushort Version)
{
    /// <summary>Bytes a value of the form takes, or -1 when the value carries its own length.</summary>
    public int FixedSize(ushort form) => form switch
    {
        DwForm.Addr => AddressSize,
        DwForm.Data1 or DwForm.Ref1 or DwForm.Flag or DwForm.Strx1 or DwForm.Addrx1 => 1,
        DwForm.Data2 or DwForm.Ref2 or DwForm.Strx2 or DwForm.Addrx2 => 2,
        DwForm.Strx3 or DwForm.Addrx3 => 3,
        DwForm.Data4 or DwForm.Ref4 or DwForm.RefSup4 or DwForm.Strx4 or DwForm.Addrx4 => 4,
        DwForm.Data8 or DwForm.Ref8 or DwForm.RefSig8 or DwForm.RefSup8 => 8,
        DwForm.Data16 => 16,
        DwForm.Strp or DwForm.SecOffset or DwForm.LineStrp or DwForm.StrpSup or DwForm.GnuRefAlt or DwForm.GnuStrpAlt => OffsetSize,
        DwForm.RefAddr => Version <= 2 ? AddressSize : OffsetSize,
        DwForm.FlagPresent or DwForm.ImplicitConst => 0,
        _ => -1,
    };
}
