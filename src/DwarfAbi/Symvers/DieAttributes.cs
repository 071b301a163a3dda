using DwarfAbi.Dwarf;

namespace DwarfAbi.Symvers;

/// <summary>Attribute reads with the reference's (libdw's) notion of success.</summary>
internal static class DieAttributes
{
    /// <summary>
    /// A reference attribute's target. A type-unit signature that the object does not provide
    /// counts as no reference at all, which the grammar then prints as <c>base_type void</c>.
    /// </summary>
    public static bool TryRef(this Die die, ushort attribute, out Die target)
    {
        target = default;
        if (!die.TryGet(attribute, out var value))
            return false;
        if (value.Class == ValueClass.Signature && die.Unit.Dwarf.TypeUnitFor(value.Value) is null)
            return false;
        if (value.Class is not (ValueClass.Reference or ValueClass.AltReference or ValueClass.Signature))
            return false;
        target = die.Unit.Target(value);
        return true;
    }

    /// <summary>An unsigned constant: data and udata forms as stored, sdata as its 64-bit two's complement.</summary>
    public static bool TryUnsigned(this Die die, ushort attribute, out ulong value)
    {
        value = 0;
        if (!die.TryGet(attribute, out var v) || !v.IsConstant)
            return false;
        value = v.Value;
        return true;
    }

    /// <summary>The name an exported DIE is matched by: rustc puts the mangled symbol in DW_AT_linkage_name.</summary>
    public static string? SymbolName(this Die die) => die.String(DwAt.LinkageName) ?? die.Name;
}
