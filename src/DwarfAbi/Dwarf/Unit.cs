using DwarfAbi.IO;

namespace DwarfAbi.Dwarf;

/// <summary>
/// One unit (compile, partial, type, skeleton) of <c>.debug_info</c> or DWARF 4 <c>.debug_types</c>:
/// its header, abbreviations and the bases its root DIE declares. DIEs are read on demand.
/// </summary>
public sealed class Unit
{
    private readonly Lazy<LineTable?> _lines;
    private AbbrevTable? _abbrevs;
    private RootBases? _bases;

    internal Unit(DwarfData dwarf, int sectionId, bool inTypes, MemoryBlock memory, int offset)
    {
        Dwarf = dwarf;
        SectionId = sectionId;
        InTypesSection = inTypes;
        Memory = memory;
        Offset = offset;
        var section = memory.Span;
        var r = new SpanReader(section, dwarf.BigEndian, offset);
        ulong length = r.U32();
        OffsetSize = 4;
        if (length == 0xffffffff)
        {
            length = r.U64();
            OffsetSize = 8;
        }
        else if (length >= 0xfffffff0)
        {
            throw new DwarfAbiException($"unit at 0x{offset:x}: reserved unit length 0x{length:x}", offset);
        }
        if (length > (ulong)(section.Length - r.Position))
            throw new DwarfAbiException($"unit at 0x{offset:x}: length 0x{length:x} runs past the end of the section", offset);
        End = r.Position + (int)length;
        Version = r.U16();
        if (Version is < 2 or > 5)
            throw new DwarfAbiException($"unit at 0x{offset:x}: unsupported DWARF version {Version}", offset);
        if (Version >= 5)
        {
            UnitType = r.U8();
            AddressSize = r.U8();
            AbbrevOffset = r.UInt(OffsetSize);
            switch (UnitType)
            {
                case DwUt.Type or DwUt.SplitType:
                    TypeSignature = r.U64();
                    TypeOffset = r.UInt(OffsetSize);
                    break;
                case DwUt.Skeleton or DwUt.SplitCompile:
                    DwoId = r.U64();
                    break;
                case DwUt.Compile or DwUt.Partial:
                    break;
                default:
                    throw new DwarfAbiException($"unit at 0x{offset:x}: unknown unit type 0x{UnitType:x}", offset + 6);
            }
        }
        else
        {
            AbbrevOffset = r.UInt(OffsetSize);
            AddressSize = r.U8();
            UnitType = inTypes ? DwUt.Type : DwUt.Compile;
            if (inTypes)
            {
                TypeSignature = r.U64();
                TypeOffset = r.UInt(OffsetSize);
            }
        }
        if (AddressSize is not (1 or 2 or 4 or 8))
            throw new DwarfAbiException($"unit at 0x{offset:x}: unsupported address size {AddressSize}", offset);
        if (r.Position > End)
            throw new DwarfAbiException($"unit at 0x{offset:x}: header is longer than the unit", offset);
        FirstDieOffset = r.Position;
        Sizes = new FormSizes(AddressSize, (byte)OffsetSize, Version);
        if (UnitType is DwUt.Type or DwUt.SplitType && (TypeOffset < (ulong)(FirstDieOffset - offset) || TypeOffset >= (ulong)(End - offset)))
            throw new DwarfAbiException($"type unit at 0x{offset:x}: type offset 0x{TypeOffset:x} is outside the unit", offset);
        _lines = new Lazy<LineTable?>(() => StmtList is { } off ? LineTable.Read(this, off) : null);
    }

    public DwarfData Dwarf { get; }
    public bool InTypesSection { get; }
    /// <summary>Which of the object's .debug_info/.debug_types sections holds the unit (0: the first .debug_info).</summary>
    public int SectionId { get; }
    public MemoryBlock Memory { get; }
    public int Offset { get; }
    /// <summary>Offset just past the unit's last byte.</summary>
    public int End { get; }
    /// <summary>Bytes of the unit, header included.</summary>
    public int Length => End - Offset;
    public int OffsetSize { get; }
    public ushort Version { get; }
    public byte UnitType { get; }
    public byte AddressSize { get; }
    public ulong AbbrevOffset { get; }
    public ulong TypeSignature { get; }
    public ulong TypeOffset { get; }
    public ulong DwoId { get; }
    public int FirstDieOffset { get; }
    public FormSizes Sizes { get; }

    /// <summary>
    /// The unit's abbreviations, parsed on first use rather than when the units are listed: a
    /// walk over all the units then parses them on its worker threads. Two threads that race
    /// here get the same table from <see cref="DwarfData"/>.
    /// </summary>
    public AbbrevTable Abbrevs => _abbrevs ??= Dwarf.Abbrevs(AbbrevOffset, Sizes);

    public ulong StrOffsetsBase => Bases.StrOffsets;
    public ulong AddrBase => Bases.Addr;
    public ulong RnglistsBase => Bases.Rnglists;
    public ulong LoclistsBase => Bases.Loclists;
    public ulong? StmtList => Bases.StmtList;
    /// <summary>DW_AT_low_pc of the root, the base of DWARF 4 range and location lists.</summary>
    public ulong BaseAddress => Bases.LowPc;

    /// <summary>What the root DIE declares, read on first use (like <see cref="Abbrevs"/>).</summary>
    private RootBases Bases => _bases ??= ReadRootBases();

    public ReadOnlySpan<byte> Section => Memory.Span;

    public bool IsTypeUnit => UnitType is DwUt.Type or DwUt.SplitType;

    public Die Root => DieAt(FirstDieOffset);

    /// <summary>The type DIE of a type unit.</summary>
    public Die TypeDie => DieAt(Offset + (int)TypeOffset);

    public DieCursor Cursor() => new(this, FirstDieOffset);

    public bool Contains(long offset) => offset >= FirstDieOffset && offset < End;

    /// <summary>The DIE at an offset of this unit's section; throws when it is not a DIE of this unit.</summary>
    public Die DieAt(long offset)
    {
        if (!Contains(offset))
            throw new DwarfAbiException($"DIE offset 0x{offset:x} is outside the unit at 0x{Offset:x}", offset);
        var r = new SpanReader(Section[..End], Dwarf.BigEndian, (int)offset);
        return Die.Read(this, ref r);
    }

    private RootBases ReadRootBases()
    {
        var bases = new RootBases();
        var r = new SpanReader(Section[..End], Dwarf.BigEndian, FirstDieOffset);
        if (r.AtEnd)
            return bases;
        var root = Die.Read(this, ref r);
        if (root.IsNull)
            return bases;
        foreach (var a in root.Attributes())
        {
            switch (a.Name)
            {
                case DwAt.StrOffsetsBase:
                    bases.StrOffsets = a.Value;
                    break;
                case DwAt.AddrBase or DwAt.GnuAddrBase:
                    bases.Addr = a.Value;
                    break;
                case DwAt.RnglistsBase or DwAt.GnuRangesBase:
                    bases.Rnglists = a.Value;
                    break;
                case DwAt.LoclistsBase:
                    bases.Loclists = a.Value;
                    break;
                case DwAt.StmtList:
                    bases.StmtList = a.Value;
                    break;
                case DwAt.LowPc when a.Class == ValueClass.Address:
                    bases.LowPc = a.Value;
                    break;
            }
        }
        // Split units carry no bases: each list section of the .dwo starts with one header.
        if (Version >= 5 && UnitType is DwUt.SplitCompile or DwUt.SplitType)
        {
            ulong headerSize = (ulong)(OffsetSize == 8 ? 16 : 8);
            ulong listHeaderSize = headerSize + 4;
            bases.StrOffsets = bases.StrOffsets == 0 ? headerSize : bases.StrOffsets;
            bases.Rnglists = bases.Rnglists == 0 ? listHeaderSize : bases.Rnglists;
            bases.Loclists = bases.Loclists == 0 ? listHeaderSize : bases.Loclists;
        }
        return bases;
    }

    private sealed class RootBases
    {
        public ulong StrOffsets;
        public ulong Addr;
        public ulong Rnglists;
        public ulong Loclists;
        public ulong? StmtList;
        public ulong LowPc;
    }

    /// <summary>The line table header of the unit (file names for DW_AT_decl_file), or null.</summary>
    public LineTable? Lines => _lines.Value;

    // ---- value resolution ----

    public ReadOnlySpan<byte> StringBytes(AttributeValue v) => v.Class switch
    {
        ValueClass.InlineString => Section.Slice(v.DataOffset, v.DataLength),
        ValueClass.StringOffset => Dwarf.StringAt(Dwarf.Str.Span, v.Value, ".debug_str"),
        ValueClass.LineStringOffset => Dwarf.StringAt(Dwarf.LineStr.Span, v.Value, ".debug_line_str"),
        ValueClass.AltStringOffset => Dwarf.RequireSupplementary().StringAt(Dwarf.RequireSupplementary().Str.Span, v.Value, ".debug_str of the supplementary file"),
        ValueClass.StringIndex => Dwarf.StringAt(Dwarf.Str.Span, StrOffset(v.Value), ".debug_str"),
        _ => throw new DwarfAbiException($"{DwarfNames.Attribute(v.Name)} ({DwarfNames.Form(v.Form)}) is not a string"),
    };

    public string String(AttributeValue v) => SpanReader.Utf8(StringBytes(v));

    /// <summary>The .debug_str offset of a string value of this unit's file, when it is one there.</summary>
    public ulong? DebugStrOffset(AttributeValue v) => v.Class switch
    {
        ValueClass.StringOffset => v.Value,
        ValueClass.StringIndex => StrOffset(v.Value),
        _ => null,
    };

    internal ulong StrOffset(ulong index)
    {
        var section = Dwarf.StrOffsets.Span;
        ulong at = StrOffsetsBase + index * (ulong)OffsetSize;
        if (at > (ulong)section.Length || (ulong)OffsetSize > (ulong)section.Length - at)
            throw new DwarfAbiException($"string index {index} is outside .debug_str_offsets (base 0x{StrOffsetsBase:x})", (long)Math.Min(at, long.MaxValue));
        return new SpanReader(section, Dwarf.BigEndian, (int)at).UInt(OffsetSize);
    }

    /// <summary>An address attribute's value, looked up in <c>.debug_addr</c> when it is an index.</summary>
    public ulong Address(AttributeValue v) => v.Class == ValueClass.AddressIndex ? AddressAt(v.Value) : v.Value;

    public ulong AddressAt(ulong index)
    {
        var section = Dwarf.Addr.Span;
        ulong at = AddrBase + index * AddressSize;
        if (at > (ulong)section.Length || AddressSize > (ulong)section.Length - at)
            throw new DwarfAbiException($"address index {index} is outside .debug_addr (base 0x{AddrBase:x})", (long)Math.Min(at, long.MaxValue));
        return new SpanReader(section, Dwarf.BigEndian, (int)at).UInt(AddressSize);
    }

    /// <summary>The offset in <c>.debug_rnglists</c> or <c>.debug_loclists</c> named by an index form.</summary>
    public ulong ListOffset(AttributeValue v)
    {
        if (v.Class is not (ValueClass.RnglistIndex or ValueClass.LoclistIndex))
            return v.Value;
        bool ranges = v.Class == ValueClass.RnglistIndex;
        var section = (ranges ? Dwarf.Rnglists : Dwarf.Loclists).Span;
        ulong b = ranges ? RnglistsBase : LoclistsBase;
        ulong at = b + v.Value * (ulong)OffsetSize;
        if (at > (ulong)section.Length || (ulong)OffsetSize > (ulong)section.Length - at)
            throw new DwarfAbiException($"list index {v.Value} is outside {(ranges ? ".debug_rnglists" : ".debug_loclists")}", (long)Math.Min(at, long.MaxValue));
        return b + new SpanReader(section, Dwarf.BigEndian, (int)at).UInt(OffsetSize);
    }

    /// <summary>The DIE a reference attribute points to, in this file, a type unit or the supplementary file.</summary>
    public Die Target(AttributeValue v) => v.Class switch
    {
        ValueClass.Reference when v.Form == DwForm.RefAddr => Dwarf.DieAtInfoOffset((long)v.Value),
        ValueClass.Reference => DieAt((long)v.Value),
        ValueClass.AltReference => Dwarf.RequireSupplementary().DieAtInfoOffset((long)v.Value),
        ValueClass.Signature => Dwarf.TypeUnitFor(v.Value)?.TypeDie
            ?? throw new DwarfAbiException($"no type unit with signature 0x{v.Value:x16}"),
        _ => throw new DwarfAbiException($"{DwarfNames.Attribute(v.Name)} ({DwarfNames.Form(v.Form)}) is not a reference"),
    };

    internal AttributeValue ReadValue(ref SpanReader r, ushort name, ushort form, long implicitConst)
    {
        switch (form)
        {
            case DwForm.Addr: return new(name, form, ValueClass.Address, r.UInt(AddressSize));
            case DwForm.Data1: return new(name, form, ValueClass.Constant, r.U8());
            case DwForm.Data2: return new(name, form, ValueClass.Constant, r.U16());
            case DwForm.Data4: return new(name, form, ValueClass.Constant, r.U32());
            case DwForm.Data8: return new(name, form, ValueClass.Constant, r.U64());
            case DwForm.Udata: return new(name, form, ValueClass.Constant, r.Uleb());
            case DwForm.Sdata: return new(name, form, ValueClass.SignedConstant, (ulong)r.Sleb());
            case DwForm.ImplicitConst: return new(name, form, ValueClass.Constant, (ulong)implicitConst);
            case DwForm.Flag: return new(name, form, ValueClass.Flag, r.U8());
            case DwForm.FlagPresent: return new(name, form, ValueClass.Flag, 1);
            case DwForm.Ref1: return Ref(name, form, r.U8());
            case DwForm.Ref2: return Ref(name, form, r.U16());
            case DwForm.Ref4: return Ref(name, form, r.U32());
            case DwForm.Ref8: return Ref(name, form, r.U64());
            case DwForm.RefUdata: return Ref(name, form, r.Uleb());
            case DwForm.RefAddr: return new(name, form, ValueClass.Reference, r.UInt(Version <= 2 ? AddressSize : OffsetSize));
            case DwForm.RefSig8: return new(name, form, ValueClass.Signature, r.U64());
            case DwForm.RefSup4: return new(name, form, ValueClass.AltReference, r.U32());
            case DwForm.RefSup8: return new(name, form, ValueClass.AltReference, r.U64());
            case DwForm.GnuRefAlt: return new(name, form, ValueClass.AltReference, r.UInt(OffsetSize));
            case DwForm.Strp: return new(name, form, ValueClass.StringOffset, r.UInt(OffsetSize));
            case DwForm.LineStrp: return new(name, form, ValueClass.LineStringOffset, r.UInt(OffsetSize));
            case DwForm.StrpSup or DwForm.GnuStrpAlt: return new(name, form, ValueClass.AltStringOffset, r.UInt(OffsetSize));
            case DwForm.Strx or DwForm.GnuStrIndex: return new(name, form, ValueClass.StringIndex, r.Uleb());
            case DwForm.Strx1: return new(name, form, ValueClass.StringIndex, r.U8());
            case DwForm.Strx2: return new(name, form, ValueClass.StringIndex, r.U16());
            case DwForm.Strx3: return new(name, form, ValueClass.StringIndex, r.U24());
            case DwForm.Strx4: return new(name, form, ValueClass.StringIndex, r.U32());
            case DwForm.Addrx or DwForm.GnuAddrIndex: return new(name, form, ValueClass.AddressIndex, r.Uleb());
            case DwForm.Addrx1: return new(name, form, ValueClass.AddressIndex, r.U8());
            case DwForm.Addrx2: return new(name, form, ValueClass.AddressIndex, r.U16());
            case DwForm.Addrx3: return new(name, form, ValueClass.AddressIndex, r.U24());
            case DwForm.Addrx4: return new(name, form, ValueClass.AddressIndex, r.U32());
            case DwForm.SecOffset: return new(name, form, ValueClass.SectionOffset, r.UInt(OffsetSize));
            case DwForm.Loclistx: return new(name, form, ValueClass.LoclistIndex, r.Uleb());
            case DwForm.Rnglistx: return new(name, form, ValueClass.RnglistIndex, r.Uleb());
            case DwForm.String:
                {
                    int start = r.Position;
                    int length = r.CString().Length;
                    return new(name, form, ValueClass.InlineString, 0, start, length);
                }
            case DwForm.Data16: return Block(name, form, ref r, 16);
            case DwForm.Block1: return Block(name, form, ref r, r.U8());
            case DwForm.Block2: return Block(name, form, ref r, r.U16());
            case DwForm.Block4: return Block(name, form, ref r, r.U32());
            case DwForm.Block or DwForm.Exprloc: return Block(name, form, ref r, r.Uleb());
            case DwForm.Indirect:
                {
                    int at = r.Position;
                    ulong actual = r.Uleb();
                    if (actual is DwForm.Indirect or DwForm.ImplicitConst || actual > ushort.MaxValue)
                        throw new DwarfAbiException($"DW_FORM_indirect names form 0x{actual:x}", at);
                    return ReadValue(ref r, name, (ushort)actual, 0);
                }
            default:
                throw new DwarfAbiException($"unknown attribute form 0x{form:x} ({DwarfNames.Attribute(name)})", r.Position);
        }
    }

    private AttributeValue Ref(ushort name, ushort form, ulong unitOffset) =>
        new(name, form, ValueClass.Reference, (ulong)Offset + unitOffset);

    private static AttributeValue Block(ushort name, ushort form, ref SpanReader r, ulong length)
    {
        int start = r.Position;
        r.Skip((long)Math.Min(length, int.MaxValue + 1UL));
        return new(name, form, ValueClass.Block, length, start, (int)length);
    }

    /// <summary>Skips one attribute value without decoding it.</summary>
    internal void SkipValue(ref SpanReader r, ushort form)
    {
        int size = Sizes.FixedSize(form);
        if (size >= 0)
        {
            r.Skip(size);
            return;
        }
        switch (form)
        {
            case DwForm.Udata or DwForm.Sdata or DwForm.RefUdata or DwForm.Strx or DwForm.GnuStrIndex
                or DwForm.Addrx or DwForm.GnuAddrIndex or DwForm.Loclistx or DwForm.Rnglistx:
                r.Uleb();
                return;
            default:
                ReadValue(ref r, 0, form, 0);
                return;
        }
    }

    public override string ToString() => $"unit at 0x{Offset:x}";
}
