using DwarfAbi.Dwarf;

namespace DwarfAbi.Btf.FromDwarf;

/// <summary>The DWARF values the encoder reads that the reader itself does not interpret.</summary>
internal static class DwarfFacts
{
    public const ushort AteBoolean = 0x02;
    public const ushort AteComplexFloat = 0x03;
    public const ushort AteFloat = 0x04;
    public const ushort AteSigned = 0x05;
    public const ushort AteSignedChar = 0x06;
    public const ushort AteImaginaryFloat = 0x09;

    public const byte OpAddr = 0x03;
    public const byte OpPlusUconst = 0x23;
    public const byte OpAddrx = 0xa1;
    public const byte OpGnuAddrIndex = 0xfb;

    /// <summary>A DIE's own attribute, or the one of its abstract origin or specification (one level each, as pahole looks).</summary>
    public static bool TryGetInherited(Die die, ushort name, out AttributeValue value, out Die owner)
    {
        owner = die;
        if (die.TryGet(name, out value))
            return true;
        foreach (ushort link in (ReadOnlySpan<ushort>)[DwAt.AbstractOrigin, DwAt.Specification])
        {
            if (die.Ref(link) is { } origin)
            {
                if (TryGetInherited(origin, name, out value, out owner))
                    return true;
            }
        }
        return false;
    }

    public static string? InheritedName(Die die) =>
        TryGetInherited(die, DwAt.Name, out var v, out var owner) ? owner.Unit.String(v) : null;

    /// <summary>A constant or a one-operation location expression (DW_OP_plus_uconst), as member locations are written.</summary>
    public static ulong? MemberLocation(Die die) =>
        die.TryGet(DwAt.DataMemberLocation, out var v) ? MemberLocation(die.Unit, v) : null;

    /// <summary>The byte offset a DW_AT_data_member_location value of <paramref name="unit"/> gives.</summary>
    public static ulong? MemberLocation(Unit unit, AttributeValue v)
    {
        if (v.IsConstant)
            return v.Value;
        if (v.Class != ValueClass.Block || v.DataLength == 0)
            return null;
        var bytes = unit.Section.Slice(v.DataOffset, v.DataLength);
        if (bytes[0] != OpPlusUconst)
            return null;
        ulong result = 0;
        int shift = 0;
        for (int i = 1; i < bytes.Length && shift < 64; i++, shift += 7)
        {
            result |= (ulong)(bytes[i] & 0x7f) << shift;
            if ((bytes[i] & 0x80) == 0)
                break;
        }
        return result;
    }

    /// <summary>The static address of a variable whose location is a lone DW_OP_addr or DW_OP_addrx.</summary>
    public static ulong? StaticAddress(Die die)
    {
        if (!die.TryGet(DwAt.Location, out var v) || v.Class != ValueClass.Block || v.DataLength == 0)
            return null;
        var unit = die.Unit;
        var bytes = unit.Section.Slice(v.DataOffset, v.DataLength);
        switch (bytes[0])
        {
            case OpAddr when bytes.Length >= 1 + unit.AddressSize:
                return new IO.SpanReader(bytes, unit.Dwarf.BigEndian, 1).UInt(unit.AddressSize);
            case OpAddrx or OpGnuAddrIndex:
                return unit.AddressAt(new IO.SpanReader(bytes, unit.Dwarf.BigEndian, 1).Uleb());
            default:
                return null;
        }
    }

    /// <summary>Byte size of a type DIE, through typedefs and qualifiers.</summary>
    public static ulong TypeByteSize(Die die)
    {
        for (int depth = 0; depth < 64; depth++)
        {
            if (die.Constant(DwAt.ByteSize) is { } size)
                return size;
            if (die.Tag == DwTag.PointerType)
                return die.Unit.AddressSize;
            if (die.Ref(DwAt.Type) is not { } next)
                return 0;
            die = next;
        }
        return 0;
    }

    /// <summary>Elements of an array, all dimensions flattened; a missing bound counts as 0, as pahole counts it.</summary>
    public static uint ArrayCount(Die array)
    {
        uint count = 1;
        foreach (var sub in array.Children())
        {
            if (sub.Tag != DwTag.SubrangeType)
                continue;
            ulong n = 0;
            if (sub.TryGet(DwAt.UpperBound, out var ub))
                n = ub.IsConstant ? ub.Value + 1 : 0;
            else if (sub.TryGet(DwAt.Count, out var c))
                n = c.IsConstant ? c.Value : 0;
            count *= (uint)n;
        }
        return count;
    }
}
