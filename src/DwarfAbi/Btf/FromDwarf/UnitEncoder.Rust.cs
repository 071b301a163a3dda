using DwarfAbi.Dwarf;

namespace DwarfAbi.Btf.FromDwarf;

/// <summary>
/// The Rust part of the unit encoder (btf-spec §7): names the kernel accepts, members in offset
/// order, data-carrying enums as a discriminant beside a union of the variants, 16-byte enums as
/// 128-bit integers, zero-sized base types as empty structs, and pruning of what BTF cannot
/// express, each decision recorded with its DIE.
/// </summary>
internal sealed partial class UnitEncoder
{
    /// <summary>Name of the member that holds a data-carrying enum's discriminant (DWARF leaves it unnamed).</summary>
    public const string DiscriminantName = "discriminant";

    /// <summary>A name as the kernel's identifier rule wants it: bpf-linker's sanitised form when it is not an identifier already.</summary>
    private static string? KernelName(string? name) =>
        string.IsNullOrEmpty(name) ? null : RustNames.IsPortableIdentifier(name) ? name : RustNames.Sanitize(name);

    private void Decide(long offset, string subject, string action) =>
        _result.Decisions.Add(new EncodingReport.Decision(offset, subject, action));

    private static string Subject(Die die) => $"{DwarfNames.Tag(die.Tag)} {die.Name ?? "(anon)"}";

    private static string Describe(RustTypeCheck.Cause cause) => $"depends by value on 0x{cause.Offset:x8}: {cause.Reason}";

    /// <summary>A type BTF cannot express keeps its table slot only until the merge drops it; nothing refers to it by then.</summary>
    private bool RustPruned(Die die)
    {
        if (_rust?.Unrepresentable(die) is not { } cause)
            return false;
        _result.Dropped.Add(_builder.AddModifier(BtfKind.Ptr, 0));
        Decide(die.Offset, Subject(die), cause.Offset == die.Offset ? $"pruned: {cause.Reason}" : $"pruned: {Describe(cause)}");
        return true;
    }

    private uint PointerTarget(Die pointer)
    {
        if (_rust?.Unrepresentable(pointer.Ref(DwAt.Type)) is { } cause)
        {
            Decide(pointer.Offset, Subject(pointer), $"retargeted to void: the pointee {Describe(cause)}");
            return 0;
        }
        return _table.PointerTarget(pointer);
    }

    private uint RustComposite(Die die, string? name)
    {
        bool isUnion = die.Tag == DwTag.UnionType;
        uint size = (uint)(die.Constant(DwAt.ByteSize) ?? 0);
        var members = new List<BtfBuilder.Member>();
        foreach (var child in die.Children())
        {
            if (child.Tag == DwTag.VariantPart)
            {
                return _builder.AddComposite(false, name, size, EnumMembers(die, child, size));
            }
            if (child.Tag == DwTag.Member && RustMember(die, child, size) is { } m)
                members.Add(m);
        }
        // rustc reorders fields; the kernel wants non-decreasing offsets. OrderBy is stable.
        return _builder.AddComposite(isUnion, name, size, [.. members.OrderBy(m => m.BitOffset)]);
    }

    /// <summary>A member with a kernel name, its type replaced by bytes when BTF cannot express it; null when it is dropped.</summary>
    private BtfBuilder.Member? RustMember(Die owner, Die m, uint ownerSize)
    {
        var member = Member(m) with { Name = KernelName(m.Name) };
        var type = m.Ref(DwAt.Type);
        ulong? bytes = RustTypeCheck.Size(type);
        string subject = $"{Subject(owner)} member {m.Name ?? "(anon)"}";
        if (bytes is { } n && member.BitfieldSize == 0 && member.BitOffset / 8 + n > ownerSize)
        {
            Decide(m.Offset, subject, $"dropped: its {n} bytes at offset {member.BitOffset / 8} run past the end of the {ownerSize}-byte type");
            return null;
        }
        if (_rust!.Unrepresentable(type) is not { } cause)
            return member;
        if (bytes is not (> 0 and <= uint.MaxValue) || member.BitfieldSize != 0)
        {
            Decide(m.Offset, subject, $"dropped: its type {Describe(cause)}");
            return null;
        }
        Decide(m.Offset, subject, $"replaced by u8[{bytes}]: its type {Describe(cause)}");
        return member with { Type = ByteArray((uint)bytes) };
    }

    private uint ByteArray(uint count)
    {
        uint u8 = _deferred.Shared("u8", b => b.AddInt("u8", 1, 0));
        _result.UsesIndexType = true;
        return _deferred.Shared($"u8[{count}]", b => b.AddArray(u8, EncodedUnit.IndexTypePlaceholder, count));
    }

    /// <summary>
    /// A data-carrying enum (a struct holding a DW_TAG_variant_part): an anonymous union of the
    /// variants' structs at offset 0 beside the discriminant, when every variant sits at offset 0
    /// and fits; otherwise no members, as bpf-linker encodes every such enum.
    /// </summary>
    private List<BtfBuilder.Member> EnumMembers(Die owner, Die variantPart, uint size)
    {
        var variants = new List<BtfBuilder.Member>();
        string? problem = null;
        foreach (var variant in variantPart.Children())
        {
            if (variant.Tag != DwTag.Variant)
                continue;
            foreach (var m in variant.Children())
            {
                if (m.Tag != DwTag.Member)
                    continue;
                if (VariantProblem(m, size, out var member) is { } p)
                    problem ??= p;
                else
                    variants.Add(member);
            }
        }
        BtfBuilder.Member? discriminant = null;
        if (variantPart.Ref(DwAt.Discr) is { } d)
        {
            var m = Member(d) with { Name = KernelName(d.Name) ?? DiscriminantName };
            ulong? bytes = RustTypeCheck.Size(d.Ref(DwAt.Type));
            if (_rust!.Unrepresentable(d.Ref(DwAt.Type)) is { } cause)
                problem ??= $"its discriminant {Describe(cause)}";
            else if (bytes is not { } n || m.BitfieldSize != 0 || m.BitOffset % 8 != 0 || m.BitOffset / 8 + n > size)
                problem ??= "its discriminant does not fit in the enum";
            discriminant = m;
        }
        if (variants.Count == 0)
            problem ??= "it has no variants";
        if (problem is not null)
        {
            Decide(owner.Offset, Subject(owner), $"empty struct of {size} bytes: {problem}");
            return [];
        }
        uint union = _deferred.Add(b => b.AddComposite(true, null, size, variants));
        var members = new List<BtfBuilder.Member> { new(null, union, 0, 0) };
        if (discriminant is { } dm)
            members.Add(dm);
        return [.. members.OrderBy(m => m.BitOffset)];
    }

    private string? VariantProblem(Die m, uint size, out BtfBuilder.Member member)
    {
        member = Member(m) with { Name = KernelName(m.Name) };
        var type = m.Ref(DwAt.Type);
        if (member.BitOffset != 0)
            return $"variant {m.Name} is at bit {member.BitOffset}, and union members are at 0";
        if (_rust!.Unrepresentable(type) is { } cause)
            return $"variant {m.Name} {Describe(cause)}";
        if (RustTypeCheck.Size(type) is not { } n || n > size)
            return $"variant {m.Name} is larger than the enum";
        return null;
    }

    /// <summary>
    /// <c>#[repr(u128)]</c> and <c>#[repr(i128)]</c> enums: BTF enums hold at most 8 bytes, so the
    /// enum becomes a typedef of its name for a 16-byte integer. Layout and name survive; the
    /// enumerators do not.
    /// </summary>
    private void WideEnumeration(Die die, string? name)
    {
        bool signed = die.Ref(DwAt.Type)?.Constant(DwAt.Encoding) is DwarfFacts.AteSigned or DwarfFacts.AteSignedChar;
        string intName = signed ? "i128" : "u128";
        uint wide = _deferred.Shared(intName, b => b.AddInt(intName, 16, signed ? BtfConstants.IntSigned : 0));
        _builder.AddTypedef(name ?? intName, wide);
        Decide(die.Offset, Subject(die), $"typedef of {intName}: BTF enums hold at most 8 bytes, so its enumerators are left out");
    }

    /// <summary>
    /// A Rust function is the function of the ELF symbol of its DWARF name only when it has no other
    /// linkage name: Rust wrappers of C functions share the C name but not the symbol.
    /// </summary>
    private bool IsRustFunctionSymbol(Die die, string name)
    {
        string? linkage = DwarfFacts.TryGetInherited(die, DwAt.LinkageName, out var v, out var owner) ? owner.Unit.String(v) : null;
        if (linkage is null || linkage == name)
            return true;
        if (_symbols.IsFunction(name))
            Decide(die.Offset, $"function {name}", $"not encoded: the symbol {name} belongs to another function; this one's is {linkage}");
        return false;
    }

    private RustTypeCheck.Cause? RustPrototypeCause(Die function)
    {
        if (DwarfFacts.TryGetInherited(function, DwAt.Type, out _, out var owner) && _rust!.Unrepresentable(owner.Ref(DwAt.Type)) is { } ret)
            return ret;
        foreach (var p in function.Children())
        {
            if (p.Tag == DwTag.FormalParameter && DwarfFacts.TryGetInherited(p, DwAt.Type, out _, out var po)
                && _rust!.Unrepresentable(po.Ref(DwAt.Type)) is { } param)
                return param;
        }
        return null;
    }
}
