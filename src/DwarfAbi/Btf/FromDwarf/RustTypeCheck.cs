using DwarfAbi.Dwarf;

namespace DwarfAbi.Btf.FromDwarf;

/// <summary>
/// Which type DIEs of a Rust unit BTF cannot express (btf-spec §7.4 step 1 and 2): a kind with no
/// BTF counterpart or a size no BTF kind has, and everything that holds such a type by value
/// (typedefs, qualifiers, array elements, prototype parameters and returns). Pointers stop the
/// spread: a pointer to such a type is retargeted to void instead.
/// </summary>
internal sealed class RustTypeCheck
{
    /// <summary>The DIE that cannot be expressed and why.</summary>
    public sealed record Cause(int Offset, string Reason);

    private static readonly Cause InProgress = new(-1, "");
    private readonly Dictionary<int, Cause?> _causes = [];

    /// <summary>Why the type cannot be expressed, or null when it can (void included).</summary>
    public Cause? Unrepresentable(Die? die)
    {
        if (die is not { } d)
            return null;
        if (_causes.TryGetValue(d.Offset, out var known))
            return ReferenceEquals(known, InProgress) ? null : known;
        _causes[d.Offset] = InProgress;
        var cause = Own(d) ?? ByValue(d);
        _causes[d.Offset] = cause;
        return cause;
    }

    private static Cause? Own(Die die)
    {
        ulong? size = die.Constant(DwAt.ByteSize);
        return die.Tag switch
        {
            DwTag.ReferenceType or DwTag.RvalueReferenceType or DwTag.PtrToMemberType or UnitTypeTable.StringType =>
                new Cause(die.Offset, $"{DwarfNames.Tag(die.Tag)} has no BTF kind"),
            DwTag.BaseType when size is not (0 or 1 or 2 or 4 or 8 or 16) =>
                new Cause(die.Offset, $"base type '{die.Name}' of {size?.ToString() ?? "unknown"} bytes fits no BTF integer"),
            DwTag.EnumerationType when size is not (null or 1 or 2 or 4 or 8 or 16) =>
                new Cause(die.Offset, $"enumeration '{die.Name}' of {size} bytes fits no BTF enum"),
            DwTag.StructureType or DwTag.ClassType or DwTag.UnionType when size is null && !die.Flag(DwAt.Declaration) =>
                new Cause(die.Offset, $"{DwarfNames.Tag(die.Tag)} '{die.Name}' has no byte size"),
            DwTag.StructureType when IsBindgenStandIn(die) =>
                new Cause(die.Offset, $"'{die.Name}' is bindgen's stand-in for an incomplete C type, which a C unit declares or defines"),
            _ => null,
        };
    }

    /// <summary>
    /// bindgen writes a C type it sees only declared as <c>struct T { _address: u8 }</c> or
    /// <c>struct T { _unused: [u8; 0] }</c>. Kept, it would be a definition of T that BTF dedup
    /// resolves the C units' forward declarations of T to, giving C pointers a pointee of 0 or 1
    /// byte and keeping module BTF from matching the vmlinux's C types.
    /// </summary>
    private static bool IsBindgenStandIn(Die die)
    {
        string? only = null;
        foreach (var child in die.Children())
        {
            if (child.Tag != DwTag.Member || only is not null)
                return false;
            only = child.Name ?? "";
        }
        return (only, die.Constant(DwAt.ByteSize)) is ("_address", 1) or ("_unused", 0);
    }

    private Cause? ByValue(Die die)
    {
        switch (die.Tag)
        {
            case DwTag.Typedef or DwTag.ConstType or DwTag.VolatileType or DwTag.RestrictType or DwTag.ArrayType:
                return Unrepresentable(die.Ref(DwAt.Type));
            case DwTag.SubroutineType:
                if (Unrepresentable(die.Ref(DwAt.Type)) is { } ret)
                    return ret;
                foreach (var p in die.Children())
                {
                    if (p.Tag == DwTag.FormalParameter && Unrepresentable(p.Ref(DwAt.Type)) is { } param)
                        return param;
                }
                return null;
            default:
                return null;
        }
    }

    /// <summary>Bytes a value of the type takes, when DWARF says: arrays multiply, typedefs and qualifiers look through.</summary>
    public static ulong? Size(Die? die)
    {
        for (int depth = 0; die is { } d && depth < 64; depth++)
        {
            switch (d.Tag)
            {
                case DwTag.PointerType:
                    return d.Constant(DwAt.ByteSize) ?? d.Unit.AddressSize;
                case DwTag.ArrayType:
                    if (d.Constant(DwAt.ByteSize) is { } arrayBytes)
                        return arrayBytes;
                    return Size(d.Ref(DwAt.Type)) is { } elem ? elem * DwarfFacts.ArrayCount(d) : null;
                case DwTag.Typedef or DwTag.ConstType or DwTag.VolatileType or DwTag.RestrictType:
                    die = d.Ref(DwAt.Type);
                    break;
                default:
                    return d.Constant(DwAt.ByteSize);
            }
        }
        return null;
    }
}
