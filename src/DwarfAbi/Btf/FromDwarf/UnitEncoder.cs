using System.Runtime.InteropServices;
using DwarfAbi.Dwarf;

namespace DwarfAbi.Btf.FromDwarf;

/// <summary>
/// Encodes one compile unit as pahole does: one BTF type per table entry (so that local ids equal
/// table positions), the functions whose names the ELF symbol table has, and per-CPU variables.
/// Rust units get what the kernel needs on top (UnitEncoder.Rust.cs).
/// </summary>
internal sealed partial class UnitEncoder
{
    private readonly UnitTypeTable _table;
    private readonly EncoderOptions _options;
    private readonly ElfSymbols _symbols;
    private readonly EncodedUnit _result;
    private readonly BtfBuilder _builder;
    private readonly BtfBuilder _prototypes;
    // Reused for every struct, enum and prototype the thread encodes: each is filled and written out at once.
    [ThreadStatic]
    private static List<BtfBuilder.RawMember>? t_members;
    [ThreadStatic]
    private static List<BtfBuilder.RawParam>? t_params;
    [ThreadStatic]
    private static List<BtfBuilder.RawEnumerator>? t_enumerators;
    private readonly List<BtfBuilder.RawMember> _members = t_members ??= [];
    private readonly List<BtfBuilder.RawParam> _params = t_params ??= [];
    private readonly List<BtfBuilder.RawEnumerator> _enumerators = t_enumerators ??= [];
    private readonly DeferredTypes _deferred;
    /// <summary>Whether decl tags are wanted and the unit can hold them (gcc's never do): most units need no search.</summary>
    private readonly bool _annotations;
    /// <summary>Set for Rust units only.</summary>
    private readonly RustTypeCheck? _rust;

    private UnitEncoder(Unit unit, EncoderOptions options, ElfSymbols symbols, StorePool stores)
    {
        _table = new UnitTypeTable(unit, options.TypeTags);
        _result = new EncodedUnit(unit.Dwarf.Str, unit.Length, stores);
        _options = options;
        _symbols = symbols;
        _builder = new BtfBuilder(_result.Types);
        _prototypes = new BtfBuilder(_result.Prototypes);
        _deferred = new DeferredTypes((uint)_table.Types.Count + 1);
        _annotations = options.DeclTags && unit.Abbrevs.Uses(DwTag.LlvmAnnotation);
        if (unit.Root.Constant(DwAt.Language) == Languages.Rust)
        {
            _rust = new RustTypeCheck();
            _result.IsRust = true;
        }
    }

    public static EncodedUnit Encode(Unit unit, EncoderOptions options, ElfSymbols symbols, StorePool stores)
    {
        var e = new UnitEncoder(unit, options, symbols, stores);
        foreach (var die in e._table.Types)
        {
            try
            {
                if (e.RustPruned(die))
                    continue;
                e.EncodeType(die);
            }
            catch (DwarfAbiException ex) when (ex.Offset is null)
            {
                throw new DwarfAbiException($"{ex.Message} (DIE 0x{die.Offset:x}, {DwarfNames.Tag(die.Tag)})", die.Offset, null, ex);
            }
        }
        e._deferred.Emit(e._builder);
        if (e._rust is not null)
            e._result.RustTypesKept = e._result.Types.Types.Count - e._result.Dropped.Count;
        foreach (var die in e._table.Functions)
            e.Function(die);
        if (options.Vars && symbols.PercpuIndex >= 0)
        {
            foreach (var die in e._table.Variables)
                e.Variable(die);
        }
        return e._result;
    }

    private uint Ref(Die die) => _table.Reference(die, DwAt.Type);

    /// <summary>The DIE's name in the unit's string table: as DWARF spells it for C, as the kernel accepts it for Rust.</summary>
    private uint Name(Die die) => _rust is not null ? _builder.Str(KernelName(die.Name))
        : die.TryGet(DwAt.Name, out var v) ? Str(die.Unit, v) : 0;

    /// <summary>A string value in the unit's string table; one of .debug_str by its offset, which the merge resolves once for all units.</summary>
    private uint Str(Unit unit, AttributeValue v) =>
        unit.DebugStrOffset(v) is { } offset ? _result.Types.Strings.AddExternal(offset) : _builder.Str(unit.StringBytes(v));

    private void EncodeType(Die die)
    {
        switch (die.Tag)
        {
            case DwTag.BaseType when _rust is not null && die.Constant(DwAt.ByteSize) == 0:
                // (), ! and other zero-sized base types: an empty struct, valid wherever they are used.
                _builder.AddComposite(false, Name(die), 0, []);
                break;
            case DwTag.BaseType:
                BaseType(die);
                break;
            case DwTag.PointerType:
                _builder.AddModifier(BtfKind.Ptr, PointerTarget(die));
                break;
            case DwTag.LlvmAnnotation:
                _builder.AddTypeTag(die.String(DwAt.ConstValue) ?? "", _table.TypeTagTarget(die));
                break;
            case DwTag.ConstType:
                _builder.AddModifier(BtfKind.Const, Ref(die));
                break;
            case DwTag.VolatileType:
                _builder.AddModifier(BtfKind.Volatile, Ref(die));
                break;
            case DwTag.RestrictType:
                _builder.AddModifier(BtfKind.Restrict, Ref(die));
                break;
            case DwTag.Typedef:
                AddDeclTags(_builder.AddTypedef(Name(die), Ref(die)), DeclTagsOf(die, 0));
                break;
            case DwTag.StructureType or DwTag.ClassType or DwTag.UnionType:
                if (die.Flag(DwAt.Declaration))
                {
                    _builder.AddFwd(Name(die), die.Tag == DwTag.UnionType);
                }
                else if (_rust is not null)
                {
                    uint id = RustComposite(die, KernelName(die.Name));
                    if (_table.IsBinding(die))
                        _result.BindingCopies.Add(new BindingCopy(id, die.Offset));
                }
                else
                {
                    uint name = Name(die);
                    uint id = _builder.AddComposite(die.Tag == DwTag.UnionType, name, (uint)(die.Constant(DwAt.ByteSize) ?? 0), Members(die));
                    AddDeclTags(id, DeclTagsOf(die, DwTag.Member));
                }
                break;
            case DwTag.EnumerationType when _rust is not null && die.Constant(DwAt.ByteSize) == 16:
                WideEnumeration(die, KernelName(die.Name));
                break;
            case DwTag.EnumerationType:
                Enumeration(die);
                break;
            case DwTag.ArrayType:
                _result.UsesIndexType = true;
                _builder.AddArray(Ref(die), EncodedUnit.IndexTypePlaceholder, DwarfFacts.ArrayCount(die));
                break;
            case DwTag.SubroutineType:
                _builder.AddPrototype(Ref(die), CollectionsMarshal.AsSpan(Parameters(die, requireNames: false)));
                break;
            default:
                throw new DwarfAbiException($"{DwarfNames.Tag(die.Tag)} has no BTF encoding", die.Offset);
        }
    }

    private void BaseType(Die die)
    {
        uint size = (uint)(die.Constant(DwAt.ByteSize) ?? 0);
        uint ate = (uint)(die.Constant(DwAt.Encoding) ?? 0);
        bool isFloat = ate is DwarfFacts.AteFloat or DwarfFacts.AteComplexFloat or DwarfFacts.AteImaginaryFloat;
        if (isFloat && _options.Floats)
        {
            if (ate != DwarfFacts.AteFloat)
                throw new DwarfAbiException($"'{die.Name}': complex and imaginary floating-point types have no BTF encoding");
            _builder.AddFloat(Name(die), size);
            return;
        }
        uint encoding = ate switch
        {
            DwarfFacts.AteSigned or DwarfFacts.AteSignedChar => BtfConstants.IntSigned,
            DwarfFacts.AteBoolean => BtfConstants.IntBool,
            _ => 0,
        };
        // DWARF 5 has base types such as DW_ATE_unsigned_24 that no BTF integer can hold.
        bool fake = size == 0 || (size & (size - 1)) != 0;
        uint id = fake
            ? _builder.AddInt("__SANITIZED_FAKE_INT__", 4, encoding)
            : _builder.AddInt(Name(die), size, encoding);
        if (_result.IntId == 0 && !fake && die.NameBytes.SequenceEqual("int"u8))
            _result.IntId = id;
    }

    /// <summary>
    /// The btf_decl_tag annotations of a DIE and of its children of <paramref name="componentTag"/>
    /// (members or parameters, numbered from 0), in DWARF order as pahole collects them; null when
    /// there are none or decl tags are off.
    /// </summary>
    private List<DeclTag>? DeclTagsOf(Die die, ushort componentTag)
    {
        if (!_annotations || !die.HasChildren)
            return null;
        List<DeclTag>? tags = null;
        int index = 0;
        foreach (var child in die.Children())
        {
            if (child.Tag == componentTag)
            {
                if (child.HasChildren)
                {
                    foreach (var a in child.Children())
                        AddIfDeclTag(ref tags, a, index);
                }
                index++;
            }
            else
            {
                AddIfDeclTag(ref tags, child, -1);
            }
        }
        return tags;
    }

    private static void AddIfDeclTag(ref List<DeclTag>? tags, Die die, int componentIdx)
    {
        if (die.Tag == DwTag.LlvmAnnotation && die.Name == "btf_decl_tag")
            (tags ??= []).Add(new DeclTag(die.String(DwAt.ConstValue) ?? "", componentIdx));
    }

    private void AddDeclTags(uint target, List<DeclTag>? tags)
    {
        foreach (var tag in tags ?? [])
            _result.DeclTags.Add((target, tag));
    }

    private ReadOnlySpan<BtfBuilder.RawMember> Members(Die die)
    {
        _members.Clear();
        foreach (var m in die.Children())
        {
            if (m.Tag == DwTag.Member)
            {
                var (type, bitOffset, bitSize) = MemberLayout(m, out var name);
                uint nameOff = name is { } n ? Str(m.Unit, n) : 0;
                _members.Add(new BtfBuilder.RawMember(nameOff, type, bitOffset, bitSize));
            }
        }
        return CollectionsMarshal.AsSpan(_members);
    }

    /// <summary>A member named as DWARF names it, for the Rust encoder's adjustments.</summary>
    private BtfBuilder.Member Member(Die m)
    {
        var (type, bitOffset, bitSize) = MemberLayout(m, out _);
        return new BtfBuilder.Member(m.Name, type, bitOffset, bitSize);
    }

    /// <param name="name">The member's DW_AT_name, when it has one.</param>
    private (uint Type, uint BitOffset, uint BitSize) MemberLayout(Die m, out AttributeValue? name)
    {
        // One pass over the attributes, first occurrence of each: members are most of a kernel's DIEs.
        // The others (declaration coordinates, mostly) are skipped without being decoded.
        AttributeValue? type = null, location = null, bitSize = null, dataBitOffset = null, msbOffset = null, byteSize = null;
        name = null;
        var unit = m.Unit;
        var r = m.Reader(m.AttributesOffset);
        AttributeValue? unneeded = null;
        foreach (var spec in m.Abbrev.Specs)
        {
            ref AttributeValue? slot = ref unneeded;
            switch (spec.Name)
            {
                case DwAt.Name:
                    slot = ref name;
                    break;
                case DwAt.Type:
                    slot = ref type;
                    break;
                case DwAt.DataMemberLocation:
                    slot = ref location;
                    break;
                case DwAt.BitSize:
                    slot = ref bitSize;
                    break;
                case DwAt.DataBitOffset:
                    slot = ref dataBitOffset;
                    break;
                case DwAt.BitOffset:
                    slot = ref msbOffset;
                    break;
                case DwAt.ByteSize:
                    slot = ref byteSize;
                    break;
                default:
                    unit.SkipValue(ref r, spec.Form);
                    continue;
            }
            var value = unit.ReadValue(ref r, spec.Name, spec.Form, spec.ImplicitConst);
            slot ??= value;
        }
        uint bits = bitSize is { IsConstant: true } bs ? (uint)bs.Value : 0;
        long bitOffset;
        if (dataBitOffset is { IsConstant: true } dbo)
        {
            bitOffset = (long)dbo.Value;
        }
        else
        {
            bitOffset = (long)(location is { } l ? DwarfFacts.MemberLocation(m.Unit, l) ?? 0 : 0) * 8;
            if (msbOffset is { } bo && bits != 0)
            {
                // DWARF 2-4 count bitfields from the most significant bit of their storage unit.
                ulong storageBytes = byteSize is { IsConstant: true } b ? b.Value
                    : type is { } t && m.Unit.Target(t) is { } target ? DwarfFacts.TypeByteSize(target) : 0;
                long storageBits = (long)storageBytes * 8;
                long fromMsb = bo.Signed;
                bitOffset += m.Unit.Dwarf.BigEndian ? fromMsb : storageBits - fromMsb - bits;
            }
        }
        return (type is { } ty ? _table.Reference(ty) : 0, (uint)bitOffset, bits);
    }

    private void Enumeration(Die die)
    {
        uint size = (uint)(die.Constant(DwAt.ByteSize) ?? 4);
        uint name = Name(die);
        var values = _enumerators;
        values.Clear();
        bool signed = false;
        foreach (var e in die.Children())
        {
            if (e.Tag != DwTag.Enumerator)
                continue;
            long value = e.TryGet(DwAt.ConstValue, out var v) ? (long)v.Value : 0;
            signed |= v.Class == ValueClass.SignedConstant && value < 0;
            if (!_options.Enum64)
                value = (uint)value;
            values.Add(new BtfBuilder.RawEnumerator(Name(e), value));
        }
        if (size <= 4 || !_options.Enum64)
            _builder.AddEnum(name, size, CollectionsMarshal.AsSpan(values));
        else
            _builder.AddEnum64(name, size, signed, CollectionsMarshal.AsSpan(values));
    }

    /// <summary>
    /// Parameters of a subprogram or subroutine type, their names in the unit's string table; null
    /// when one is unnamed and names are required. Valid until the next call.
    /// </summary>
    private List<BtfBuilder.RawParam>? Parameters(Die die, bool requireNames)
    {
        _params.Clear();
        bool vararg = false;
        foreach (var p in die.Children())
        {
            if (p.Tag == DwTag.UnspecifiedParameters)
            {
                vararg = true;
                continue;
            }
            if (p.Tag != DwTag.FormalParameter)
                continue;
            uint name;
            if (requireNames)
            {
                string? inherited = DwarfFacts.InheritedName(p);
                if (_rust is not null)
                    inherited = KernelName(inherited);
                if (inherited is null)
                    return null;
                name = _builder.Str(inherited);
            }
            else
            {
                name = Name(p);
            }
            _params.Add(new BtfBuilder.RawParam(name, InheritedType(p)));
        }
        if (vararg)
            _params.Add(new BtfBuilder.RawParam(0, 0));
        return _params;
    }

    private uint InheritedType(Die die) =>
        DwarfFacts.TryGetInherited(die, DwAt.Type, out _, out var owner) ? _table.Reference(owner, DwAt.Type) : 0;

    private void Function(Die die)
    {
        if (die.Flag(DwAt.Declaration))
            return;
        string? name = DwarfFacts.InheritedName(die);
        if (name is null)
            return;
        if (_rust is not null && !IsRustFunctionSymbol(die, name))
            return;
        if (_symbols.HasFunctions ? !_symbols.IsFunction(name) : !IsExternal(die))
            return;
        if (_rust is not null && RustPrototypeCause(die) is { } cause)
        {
            Decide(die.Offset, $"function {name}", $"dropped: {Describe(cause)}");
            return;
        }
        if (Parameters(die, requireNames: true) is not { } parameters)
        {
            if (_rust is not null)
                Decide(die.Offset, $"function {name}", "dropped: a parameter has no name, which BTF functions need");
            return;
        }
        var tags = DeclTagsOf(die, DwTag.FormalParameter) ?? [];
        uint proto = _prototypes.AddPrototype(InheritedType(die), CollectionsMarshal.AsSpan(parameters));
        _result.Functions.Add(new FunctionCandidate(name, proto, tags));
    }

    private static bool IsExternal(Die die) =>
        DwarfFacts.TryGetInherited(die, DwAt.External, out var v, out _) && v.Value != 0;

    private void Variable(Die die)
    {
        var spec = die.Ref(DwAt.Specification);
        if (die.Flag(DwAt.Declaration) && spec is null)
            return;
        if (DwarfFacts.StaticAddress(die) is not { } address)
            return;
        if (address < _symbols.PercpuAddress || address >= _symbols.PercpuAddress + _symbols.PercpuSize)
            return;
        ulong offset = address - _symbols.PercpuAddress;
        if (_symbols.PercpuAt(offset) is not { } symbol)
            return;
        var decl = spec ?? die;
        // Many special variables sit at address 0 (in a module, the first variable of every section),
        // so pahole keeps one there only when the DIE itself bears the symbol's name: a definition
        // named through DW_AT_specification (vmlinux's fixed_percpu_data) is left out.
        if (address == 0 && die.Name != symbol.Name)
            return;
        if (_rust is not null && _rust.Unrepresentable(decl.Ref(DwAt.Type)) is { } cause)
        {
            Decide(die.Offset, $"variable {symbol.Name}", $"dropped: {Describe(cause)}");
            return;
        }
        uint type = Ref(decl);
        if (type == 0)
            throw new DwarfAbiException($"per-CPU variable '{symbol.Name}' has void type", die.Offset);
        if (BtfSizes.SizeOf(_result.Types, type, die.Unit.AddressSize) == 0)
            return;
        uint linkage = decl.Flag(DwAt.External) ? 1u : 0u;
        var tags = DeclTagsOf(die, 0) ?? [];
        _result.Variables.Add(new VariableCandidate(symbol.Name, type, linkage, (uint)offset, (uint)symbol.Size, tags));
    }
}
