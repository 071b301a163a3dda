using System.Buffers.Binary;

namespace DwarfAbi.Btf;

/// <summary>
/// The kernel's acceptance rules for BTF (btf-spec §6): header and section layout, strings, the
/// per-kind checks every loader runs, the modifier-chain rule, and the resolve checks that
/// BPF_BTF_LOAD adds. Each problem names the type id, kind, name and the rule broken.
/// </summary>
public sealed class Validator
{
    public const int MaxUserBtfSize = 16 * 1024 * 1024;
    public const int MaxNameLength = 512;
    private const uint InfoMask = 0x9f00ffff;
    private const int MaxResolveDepth = 32;
    private readonly int _pointerSize;
    private readonly List<string> _problems = [];
    private BtfData _btf = null!;

    private Validator(int pointerSize) => _pointerSize = pointerSize;

    /// <summary>Every problem found; <paramref name="pointerSize"/> is that of the kernel that will load the BTF.</summary>
    public static IReadOnlyList<string> Validate(ReadOnlySpan<byte> data, BtfData? baseBtf, int pointerSize = 8)
    {
        var v = new Validator(pointerSize);
        v.Run(data, baseBtf);
        return v._problems;
    }

    private void Fail(string rule) => _problems.Add(rule);

    private void Fail(uint id, BtfType t, string rule) =>
        _problems.Add($"[{id}] {BtfKindNames.Name(t.Kind)} '{SafeName(t.NameOff)}': {rule}");

    private string SafeName(uint off) => off == 0 ? "(anon)" : _btf.Strings.Contains(off) ? _btf.Name(off) : $"<bad string offset {off}>";

    private void Run(ReadOnlySpan<byte> data, BtfData? baseBtf)
    {
        BtfHeader h;
        try
        {
            h = BtfHeader.Parse(data);
        }
        catch (DwarfAbiException e)
        {
            Fail($"header: {e.Message}");
            return;
        }
        if (!CheckHeader(data, h, baseBtf is not null))
            return;
        try
        {
            _btf = BtfReader.Parse(data, baseBtf, checkReferences: false);
        }
        catch (DwarfAbiException e)
        {
            Fail($"types: {e.Message}");
            return;
        }
        CheckInfoBits(data, h);
        if (_btf.TypeCount - 1 > BtfConstants.MaxTypeId)
            Fail($"types: {_btf.TypeCount - 1} types exceed the maximum of {BtfConstants.MaxTypeId} (Exceeded max num of types)");
        for (int i = 0; i < _btf.Types.Count; i++)
            CheckMeta(_btf.StartId + (uint)i, _btf.Types[i]);
        if (_problems.Count > 0)
            return;
        for (int i = 0; i < _btf.Types.Count; i++)
            CheckChain(_btf.StartId + (uint)i, _btf.Types[i]);
        if (_problems.Count > 0)
            return;
        CheckLoopsAndDepth();
        for (int i = 0; i < _btf.Types.Count; i++)
            CheckResolved(_btf.StartId + (uint)i, _btf.Types[i]);
    }

    // ---- §6.1, §6.2: header, sections, strings ----

    private bool CheckHeader(ReadOnlySpan<byte> data, BtfHeader h, bool split)
    {
        int before = _problems.Count;
        if (h.Version != 1)
            Fail($"header: version {h.Version} is not 1 (Unsupported version)");
        if (h.Flags != 0)
            Fail($"header: flags 0x{h.Flags:x} are not 0 (Unsupported flags)");
        if (h.HeaderLength < BtfConstants.HeaderLength || h.HeaderLength > data.Length)
        {
            Fail($"header: hdr_len {h.HeaderLength} does not fit the {data.Length}-byte blob");
            return false;
        }
        if (data[BtfConstants.HeaderLength..(int)h.HeaderLength].IndexOfAnyExcept((byte)0) >= 0)
            Fail("header: bytes past the known 24-byte header are not zero (Unsupported btf_header)");
        if (!split && data.Length > MaxUserBtfSize)
            Fail($"header: {data.Length} bytes exceed the {MaxUserBtfSize}-byte limit of BPF_BTF_LOAD");
        if (h.TypeOffset % 4 != 0)
            Fail($"header: type_off {h.TypeOffset} is not a multiple of 4 (Unsupported section found)");
        ulong body = (ulong)(data.Length - h.HeaderLength);
        if (!split && h.TypeLength == 0)
            Fail("header: base BTF has no types (No type found)");
        if (h.TypeOffset != 0 || h.StringOffset != (ulong)h.TypeOffset + h.TypeLength || (ulong)h.StringOffset + h.StringLength != body)
            Fail($"header: sections do not tile the {body} bytes after the header with strings last (types [{h.TypeOffset}, +{h.TypeLength}), strings [{h.StringOffset}, +{h.StringLength}))");
        if (_problems.Count > before)
            return false;
        var strings = data.Slice((int)(h.HeaderLength + h.StringOffset), (int)h.StringLength);
        if (!split && (strings.IsEmpty || strings[0] != 0 || strings[^1] != 0 || strings.Length - 1 > BtfConstants.MaxStringOffset))
            Fail("strings: base string section must be non-empty, start and end with NUL and be at most 16 MiB (Invalid string section)");
        if (split && !strings.IsEmpty && strings[^1] != 0)
            Fail("strings: split string section does not end with NUL (Invalid string section)");
        return _problems.Count == before;
    }

    private void CheckInfoBits(ReadOnlySpan<byte> data, BtfHeader h)
    {
        int pos = (int)(h.HeaderLength + h.TypeOffset);
        for (int i = 0; i < _btf.Types.Count; i++)
        {
            var t = _btf.Types[i];
            uint info = h.BigEndian ? BinaryPrimitives.ReadUInt32BigEndian(data[(pos + 4)..]) : BinaryPrimitives.ReadUInt32LittleEndian(data[(pos + 4)..]);
            if ((info & ~InfoMask) != 0)
                Fail(_btf.StartId + (uint)i, t, $"info 0x{info:x8} has bits outside 0x{InfoMask:x8} (Invalid btf_info)");
            pos += t.ByteSize;
        }
    }

    // ---- §6.3: per-type meta checks ----

    private static bool IsIdentifier(string s)
    {
        if (s.Length == 0 || s.Length > MaxNameLength || !(char.IsAsciiLetter(s[0]) || s[0] is '_' or '.'))
            return false;
        foreach (char c in s)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '.'))
                return false;
        }
        return true;
    }

    private static bool IsSectionName(string s) => s.Length is > 0 and <= MaxNameLength && s.All(c => c > ' ' && c < 0x7f);

    private bool StringOk(uint id, BtfType t, uint off, string what)
    {
        if (off <= BtfConstants.MaxStringOffset && _btf.Strings.Contains(off))
            return true;
        Fail(id, t, $"{what} name offset {off} is outside the strings (Invalid name_offset)");
        return false;
    }

    private void Name(uint id, BtfType t, bool required, Func<string, bool> valid, string what = "type")
    {
        if (!StringOk(id, t, t.NameOff, what))
            return;
        if (t.NameOff == 0)
        {
            if (required)
                Fail(id, t, $"{what} name is required (Invalid name)");
            return;
        }
        if (!valid(_btf.Name(t.NameOff)))
            Fail(id, t, $"{what} name is not a valid identifier (Invalid name)");
    }

    private void TypeId(uint id, BtfType t, uint target, bool allowVoid, string what)
    {
        if (target > BtfConstants.MaxTypeId || target >= _btf.TypeCount)
            Fail(id, t, $"{what} type {target} does not exist (Invalid type_id)");
        else if (target == 0 && !allowVoid)
            Fail(id, t, $"{what} type is void (Invalid type_id)");
    }

    private void NoName(uint id, BtfType t)
    {
        if (t.NameOff != 0)
            Fail(id, t, "must be anonymous (Invalid name)");
    }

    private void NoVlen(uint id, BtfType t)
    {
        if (t.Vlen != 0)
            Fail(id, t, $"vlen {t.Vlen} must be 0 (vlen != 0)");
    }

    private void NoKflag(uint id, BtfType t)
    {
        if (t.KFlag)
            Fail(id, t, "kind_flag must be 0 (Invalid btf_info kind_flag)");
    }

    private void CheckMeta(uint id, BtfType t)
    {
        switch (t.Kind)
        {
            case BtfKind.Int:
                NoVlen(id, t);
                NoKflag(id, t);
                StringOk(id, t, t.NameOff, "type");
                if ((t.IntData & 0xf0000000) != 0)
                    Fail(id, t, "int data has bits 28-31 set (Invalid int_data)");
                if (t.IntBits + t.IntOffset > 128)
                    Fail(id, t, $"nr_bits {t.IntBits} + bits_offset {t.IntOffset} exceed 128 (nr_bits exceeds 128)");
                if ((t.IntBits + t.IntOffset + 7) / 8 > t.SizeOrType)
                    Fail(id, t, $"nr_bits {t.IntBits} + bits_offset {t.IntOffset} exceed size {t.SizeOrType} (nr_bits exceeds type_size)");
                if (t.IntEncoding is not (0 or BtfConstants.IntSigned or BtfConstants.IntChar or BtfConstants.IntBool))
                    Fail(id, t, $"encoding {t.IntEncoding} is not one of none, SIGNED, CHAR, BOOL (Unsupported encoding)");
                break;
            case BtfKind.Ptr or BtfKind.Const or BtfKind.Volatile or BtfKind.Restrict:
                NoVlen(id, t);
                NoKflag(id, t);
                NoName(id, t);
                TypeId(id, t, t.SizeOrType, true, "referenced");
                break;
            case BtfKind.Typedef:
                NoVlen(id, t);
                NoKflag(id, t);
                Name(id, t, true, IsIdentifier);
                TypeId(id, t, t.SizeOrType, true, "referenced");
                break;
            case BtfKind.TypeTag:
                NoVlen(id, t);
                Name(id, t, true, s => s.Length > 0, "tag");
                TypeId(id, t, t.SizeOrType, true, "referenced");
                break;
            case BtfKind.Array:
                NoVlen(id, t);
                NoKflag(id, t);
                NoName(id, t);
                if (t.SizeOrType != 0)
                    Fail(id, t, "size_type must be 0 (size != 0)");
                TypeId(id, t, t.ArrayElem, false, "element");
                TypeId(id, t, t.ArrayIndex, false, "index");
                break;
            case BtfKind.Struct or BtfKind.Union:
                CheckComposite(id, t);
                break;
            case BtfKind.Enum or BtfKind.Enum64:
                Name(id, t, false, IsIdentifier);
                if (t.SizeOrType is not (1 or 2 or 4 or 8))
                    Fail(id, t, $"size {t.SizeOrType} is not 1, 2, 4 or 8 (Unexpected size)");
                for (int i = 0; i < t.Vlen; i++)
                {
                    uint off = t.EnumName(i);
                    if (!StringOk(id, t, off, "enumerator"))
                        continue;
                    if (off == 0 || !IsIdentifier(_btf.Name(off)))
                        Fail(id, t, $"enumerator {i} has no valid identifier (Invalid name)");
                }
                break;
            case BtfKind.Fwd:
                NoVlen(id, t);
                Name(id, t, true, IsIdentifier);
                if (t.SizeOrType != 0)
                    Fail(id, t, "type must be 0 (type != 0)");
                break;
            case BtfKind.Func:
                NoKflag(id, t);
                Name(id, t, true, IsIdentifier);
                if (t.Vlen > BtfConstants.LinkageGlobal)
                    Fail(id, t, $"linkage {t.Vlen} is not static or global (Invalid func linkage)");
                TypeId(id, t, t.SizeOrType, false, "prototype");
                break;
            case BtfKind.FuncProto:
                NoKflag(id, t);
                NoName(id, t);
                TypeId(id, t, t.SizeOrType, true, "return");
                for (int i = 0; i < t.Vlen; i++)
                {
                    StringOk(id, t, t.ParamName(i), "parameter");
                    TypeId(id, t, t.ParamType(i), true, $"parameter {i}");
                }
                break;
            case BtfKind.Var:
                NoVlen(id, t);
                NoKflag(id, t);
                Name(id, t, true, IsIdentifier);
                TypeId(id, t, t.SizeOrType, false, "variable");
                if (t.VarLinkage > 1)
                    Fail(id, t, $"linkage {t.VarLinkage} is not static or global-allocated (Linkage not supported)");
                break;
            case BtfKind.Datasec:
                CheckDatasec(id, t);
                break;
            case BtfKind.Float:
                NoVlen(id, t);
                NoKflag(id, t);
                StringOk(id, t, t.NameOff, "type");
                if (t.SizeOrType is not (2 or 4 or 8 or 12 or 16))
                    Fail(id, t, $"size {t.SizeOrType} is not 2, 4, 8, 12 or 16 (Invalid type_size)");
                break;
            case BtfKind.DeclTag:
                NoVlen(id, t);
                Name(id, t, true, s => s.Length > 0, "tag");
                TypeId(id, t, t.SizeOrType, false, "tagged");
                if (t.DeclTagComponent < -1)
                    Fail(id, t, $"component_idx {t.DeclTagComponent} is below -1 (Invalid component_idx)");
                break;
            default:
                Fail(id, t, "unknown kind (Invalid kind)");
                break;
        }
    }

    private void CheckComposite(uint id, BtfType t)
    {
        Name(id, t, false, IsIdentifier);
        uint last = 0;
        for (int i = 0; i < t.Vlen; i++)
        {
            uint name = t.MemberName(i);
            if (StringOk(id, t, name, "member") && name != 0 && !IsIdentifier(_btf.Name(name)))
                Fail(id, t, $"member {i} '{_btf.Name(name)}' is not a valid identifier (Invalid member name)");
            TypeId(id, t, t.MemberType(i), false, $"member {i}");
            uint off = t.MemberBitOffset(i);
            if (t.Kind == BtfKind.Union && off != 0)
                Fail(id, t, $"member {i} is at bit {off}; union members are at 0 (Invalid member bits_offset)");
            if (t.Kind == BtfKind.Struct && off < last)
                Fail(id, t, $"member {i} at bit {off} comes before the previous member's bit {last} (Invalid member bits_offset)");
            if ((off + 7) / 8 > t.SizeOrType)
                Fail(id, t, $"member {i} at bit {off} starts past the size {t.SizeOrType} (Member bits_offset exceeds its struct size)");
            last = off;
        }
    }

    private void CheckDatasec(uint id, BtfType t)
    {
        NoKflag(id, t);
        Name(id, t, true, IsSectionName, "section");
        if (t.SizeOrType == 0)
            Fail(id, t, "size is 0 (Invalid size)");
        ulong end = 0, sum = 0;
        for (int i = 0; i < t.Vlen; i++)
        {
            uint off = t.SecinfoOffset(i), size = t.SecinfoSize(i);
            TypeId(id, t, t.SecinfoType(i), false, $"entry {i}");
            if (off < end)
                Fail(id, t, $"entry {i} at offset {off} overlaps the previous one ending at {end} (Invalid offset)");
            if (size == 0 || size > t.SizeOrType || off >= t.SizeOrType || (ulong)off + size > t.SizeOrType)
                Fail(id, t, $"entry {i} [{off}, +{size}) does not fit in size {t.SizeOrType} (Invalid offset+size)");
            end = (ulong)off + size;
            sum += size;
        }
        if (sum > t.SizeOrType)
            Fail(id, t, $"entries total {sum} bytes, more than size {t.SizeOrType} (Invalid btf_info size)");
    }

    // ---- §6.4: modifier chains ----

    private void CheckChain(uint id, BtfType t)
    {
        if (!t.IsModifier)
            return;
        bool sawNonTag = t.Kind != BtfKind.TypeTag;
        uint next = t.SizeOrType;
        for (int steps = 0; ; steps++)
        {
            if (steps >= MaxResolveDepth)
            {
                Fail(id, t, "modifier chain is longer than 32 or loops (Max chain length or cycle detected)");
                return;
            }
            if (next == 0)
                return;
            var n = _btf.Type(next);
            if (!n.IsModifier)
                return;
            if (n.Kind == BtfKind.TypeTag && sawNonTag)
            {
                Fail(id, t, $"type tag [{next}] follows a non-tag modifier (Type tags don't precede modifiers)");
                return;
            }
            sawNonTag |= n.Kind != BtfKind.TypeTag;
            next = n.SizeOrType;
        }
    }

    // ---- §6.5: resolve checks ----

    /// <summary>Types reached by value (not through a pointer), whose resolution the kernel stacks.</summary>
    private IEnumerable<uint> ByValueTargets(BtfType t)
    {
        switch (t.Kind)
        {
            case BtfKind.Typedef or BtfKind.Const or BtfKind.Volatile or BtfKind.Restrict or BtfKind.TypeTag or BtfKind.Var:
                yield return t.SizeOrType;
                break;
            case BtfKind.Array:
                yield return t.ArrayElem;
                yield return t.ArrayIndex;
                break;
            case BtfKind.Struct or BtfKind.Union:
                for (int i = 0; i < t.Vlen; i++)
                    yield return t.MemberType(i);
                break;
            case BtfKind.Datasec:
                for (int i = 0; i < t.Vlen; i++)
                    yield return t.SecinfoType(i);
                break;
        }
    }

    private void CheckLoopsAndDepth()
    {
        // 0 unvisited, 1 on the stack, 2 resolved; the kernel resolves in id order, so only types
        // not yet resolved deepen the stack.
        var state = new byte[_btf.TypeCount];
        for (uint id = 1; id < _btf.StartId; id++)
            state[id] = 2;
        for (uint id = _btf.StartId; id < _btf.TypeCount; id++)
        {
            if (state[id] == 0 && !Resolve(id, state, 1))
                return;
        }
    }

    private bool Resolve(uint id, byte[] state, int depth)
    {
        var t = _btf.Type(id);
        if (depth > MaxResolveDepth)
        {
            Fail(id, t, $"resolving it needs a stack deeper than {MaxResolveDepth} (Exceeded max resolving depth)");
            return false;
        }
        state[id] = 1;
        foreach (uint next in ByValueTargets(t))
        {
            if (next == 0 || next >= _btf.TypeCount || state[next] == 2)
                continue;
            if (state[next] == 1)
            {
                Fail(id, t, $"type [{next}] is reached from itself without a pointer (Loop detected)");
                return false;
            }
            if (!Resolve(next, state, depth + 1))
                return false;
        }
        state[id] = 2;
        return true;
    }

    /// <summary>The type after modifiers (typedef, qualifiers, type tags); 0 for void.</summary>
    private uint SkipModifiers(uint id)
    {
        for (int i = 0; i < MaxResolveDepth && id != 0 && _btf.Type(id).IsModifier; i++)
            id = _btf.Type(id).SizeOrType;
        return id;
    }

    private ulong Size(uint id) => BtfSizes.SizeOf(_btf, id, _pointerSize);

    private static bool IsRegularInt(BtfType t) =>
        t.Kind == BtfKind.Int && t.IntOffset == 0 && t.IntBits % 8 == 0 && t.SizeOrType is 1 or 2 or 4 or 8 or 16 && t.IntBits / 8 <= t.SizeOrType;

    private bool IsSized(uint id)
    {
        uint r = SkipModifiers(id);
        if (r == 0)
            return false;
        var t = _btf.Type(r);
        return t.Kind is BtfKind.Int or BtfKind.Float or BtfKind.Ptr or BtfKind.Array or BtfKind.Struct or BtfKind.Union
            or BtfKind.Enum or BtfKind.Enum64;
    }

    private void CheckResolved(uint id, BtfType t)
    {
        switch (t.Kind)
        {
            case BtfKind.Ptr or BtfKind.Typedef or BtfKind.Const or BtfKind.Volatile or BtfKind.Restrict or BtfKind.TypeTag:
                {
                    if (t.SizeOrType != 0 && _btf.Type(t.SizeOrType).Kind is BtfKind.Var or BtfKind.Datasec or BtfKind.DeclTag)
                        Fail(id, t, "refers to a VAR, DATASEC or DECL_TAG (Invalid type_id)");
                    uint r = SkipModifiers(t.SizeOrType);
                    var kind = r == 0 ? BtfKind.Unknown : _btf.Type(r).Kind;
                    bool ok = r == 0 || IsSized(r) || kind is BtfKind.Fwd or BtfKind.FuncProto || (t.Kind == BtfKind.Ptr && kind == BtfKind.Func);
                    if (!ok)
                        Fail(id, t, $"refers to an unsized {BtfKindNames.Name(kind)} (Invalid type_id)");
                    break;
                }
            case BtfKind.Array:
                {
                    uint index = SkipModifiers(t.ArrayIndex);
                    if (index == 0 || !IsRegularInt(_btf.Type(index)))
                        Fail(id, t, "index type is not a regular INT (Invalid index)");
                    uint elem = SkipModifiers(t.ArrayElem);
                    if (!IsSized(t.ArrayElem) || (_btf.Type(elem).Kind == BtfKind.Int && !IsRegularInt(_btf.Type(elem))))
                        Fail(id, t, "element type is unsized or an irregular INT (Invalid elem)");
                    else if (Size(t.ArrayElem) * t.ArrayCount > uint.MaxValue)
                        Fail(id, t, "array is larger than 4 GiB (Array size overflows U32_MAX)");
                    break;
                }
            case BtfKind.Struct or BtfKind.Union:
                for (int i = 0; i < t.Vlen; i++)
                    CheckMember(id, t, i);
                break;
            case BtfKind.Var:
                if (!IsSized(t.SizeOrType))
                    Fail(id, t, "variable type is unsized (Invalid type_id)");
                break;
            case BtfKind.Datasec:
                for (int i = 0; i < t.Vlen; i++)
                {
                    uint v = t.SecinfoType(i);
                    if (v == 0 || _btf.Type(v).Kind != BtfKind.Var)
                        Fail(id, t, $"entry {i} is not a VAR (Not a VAR kind member)");
                    else if (Size(_btf.Type(v).SizeOrType) > t.SecinfoSize(i))
                        Fail(id, t, $"entry {i}: the variable is larger than its {t.SecinfoSize(i)} bytes (Invalid size)");
                }
                break;
            case BtfKind.Func:
                if (_btf.Type(t.SizeOrType) is { Kind: BtfKind.FuncProto } proto)
                {
                    for (int i = 0; i < proto.Vlen; i++)
                    {
                        if (proto.ParamType(i) != 0 && proto.ParamName(i) == 0)
                            Fail(id, t, $"parameter {i} of its prototype has no name (Invalid arg#{i + 1})");
                    }
                }
                else
                {
                    Fail(id, t, "type is not a FUNC_PROTO (Invalid type_id)");
                }
                break;
            case BtfKind.FuncProto:
                CheckProto(id, t);
                break;
            case BtfKind.DeclTag:
                {
                    var target = _btf.Type(t.SizeOrType);
                    if (target.Kind is not (BtfKind.Struct or BtfKind.Union or BtfKind.Func or BtfKind.Var or BtfKind.Typedef))
                        Fail(id, t, $"tags a {BtfKindNames.Name(target.Kind)} (Invalid type)");
                    int count = target.Kind == BtfKind.Func ? _btf.Type(target.SizeOrType).Vlen : target.IsStructOrUnion ? target.Vlen : 0;
                    if (t.DeclTagComponent != -1 && (target.Kind is BtfKind.Var or BtfKind.Typedef || t.DeclTagComponent >= count))
                        Fail(id, t, $"component_idx {t.DeclTagComponent} is out of range (Invalid component_idx)");
                    break;
                }
        }
    }

    private void CheckProto(uint id, BtfType t)
    {
        if (t.SizeOrType != 0 && !IsSized(t.SizeOrType))
            Fail(id, t, "return type is unsized (Invalid return type)");
        if (t.Vlen == 1 && t.ParamType(0) == 0 && t.ParamName(0) == 0)
            Fail(id, t, "its only parameter is the vararg marker (Invalid arg#1)");
        for (int i = 0; i < t.Vlen; i++)
        {
            uint type = t.ParamType(i), name = t.ParamName(i);
            if (type == 0)
            {
                if (name != 0 || i != t.Vlen - 1)
                    Fail(id, t, $"parameter {i} is void but not an unnamed last vararg marker (Invalid arg#{i + 1})");
                continue;
            }
            if (name != 0 && !IsIdentifier(_btf.Name(name)))
                Fail(id, t, $"parameter {i} name is not a valid identifier (Invalid arg#{i + 1})");
            if (!IsSized(type))
                Fail(id, t, $"parameter {i} type is unsized (Invalid arg#{i + 1})");
        }
    }

    private void CheckMember(uint id, BtfType t, int i)
    {
        uint type = t.MemberType(i);
        uint r = SkipModifiers(type);
        if (r == 0 || !IsSized(type))
        {
            Fail(id, t, $"member {i} has an unsized type (Invalid member)");
            return;
        }
        var m = _btf.Type(r);
        uint off = t.MemberBitOffset(i), bits = t.MemberBitfieldSize(i);
        ulong size = Size(r);
        ulong endBits = off + (bits != 0 ? bits : size * 8);
        if (m.Kind == BtfKind.Int && !t.KFlag)
        {
            endBits = off + m.IntOffset + m.IntBits;
            if ((off + m.IntOffset) % 8 + m.IntBits > 128)
                Fail(id, t, $"member {i}: int bits span more than 128 bits (Invalid member)");
        }
        else if (bits != 0 && m.Kind is not (BtfKind.Int or BtfKind.Enum or BtfKind.Enum64))
        {
            Fail(id, t, $"member {i}: a bitfield of {BtfKindNames.Name(m.Kind)} (Invalid member bitfield_size)");
        }
        else if (bits != 0 && (m.Kind == BtfKind.Int ? bits > m.IntBits || !IsRegularInt(m) : bits > 32))
        {
            Fail(id, t, $"member {i}: bitfield_size {bits} is too wide for its type (Invalid member bitfield_size)");
        }
        else if (bits == 0 && off % 8 != 0)
        {
            Fail(id, t, $"member {i} at bit {off} is not byte-aligned (Member is not byte aligned)");
        }
        if (m.Kind == BtfKind.Float && off % (8 * Math.Min((uint)_pointerSize, m.SizeOrType)) != 0)
            Fail(id, t, $"member {i}: float at bit {off} is not aligned (Member is not properly aligned)");
        if (m.Kind == BtfKind.Ptr && t.SizeOrType < off / 8 + _pointerSize)
            Fail(id, t, $"member {i}: pointer at byte {off / 8} does not fit (Member exceeds struct_size)");
        else if ((endBits + 7) / 8 > t.SizeOrType)
            Fail(id, t, $"member {i} ends at bit {endBits}, past the size {t.SizeOrType} (Member exceeds struct_size)");
    }
}
