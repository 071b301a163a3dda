using DwarfAbi.Dwarf;

namespace DwarfAbi.Symvers;

internal enum KabiStatus
{
    /// <summary>No member of the first two decided (the reference's "stopped without result").</summary>
    Undecided,
    Normal,
    Reserved,
    Ignored,
}

/// <summary>
/// The <c>__kabi_</c> status of a union in stable mode (KABI_USE/KABI_REPLACE/KABI_IGNORE): at
/// most the first two members are looked at, and a member of structure type is judged by the
/// structure's first member. A reserved union stands for its placeholder's type.
/// </summary>
internal readonly record struct KabiUnionStatus(KabiStatus Kind, Die Placeholder, string? OriginalName)
{
    private const string ReservedPrefix = "__kabi_reserved";
    private const string IgnoredPrefix = "__kabi_ignored";
    private const string RenamedPrefix = "__kabi_renamed";

    public static KabiUnionStatus Of(Die union, bool stable)
    {
        if (!stable || !union.HasChildren)
            return new(stable ? KabiStatus.Undecided : KabiStatus.Normal, default, null);
        int seen = 0;
        foreach (var member in union.Children())
        {
            if (member.Tag != DwTag.Member)
                continue;
            if (!member.TryRef(DwAt.Type, out var type))
                throw new DwarfAbiException("union member missing a type?", member.Offset);
            var (kind, original) = Classify(member.Name);
            if (kind == KabiStatus.Reserved)
                return new(kind, type, original);
            if (kind == KabiStatus.Ignored)
                return new(kind, default, null);
            var result = KabiStatus.Normal;
            if (type.Tag == DwTag.StructureType)
            {
                var inner = FirstMemberStatus(type);
                if (inner is { Kind: KabiStatus.Reserved or KabiStatus.Ignored })
                    return inner.Value;
                result = inner?.Kind ?? KabiStatus.Undecided;
            }
            // The scan stops after two members, but only on a member that decided "normal".
            if (++seen >= 2 && result == KabiStatus.Normal)
                return new(KabiStatus.Normal, default, null);
        }
        return new(KabiStatus.Undecided, default, null);
    }

    private static KabiUnionStatus? FirstMemberStatus(Die structure)
    {
        if (!structure.HasChildren)
            return null;
        foreach (var member in structure.Children())
        {
            if (member.Tag != DwTag.Member)
                continue;
            var (kind, original) = Classify(member.Name);
            if (kind != KabiStatus.Reserved)
                return new(kind, default, null);
            if (!member.TryRef(DwAt.Type, out var type))
                throw new DwarfAbiException("structure member missing a type?", member.Offset);
            return new(kind, type, original);
        }
        return null;
    }

    /// <summary>A member name's status; for <c>__kabi_renamed&lt;orig&gt;</c> also the original name.</summary>
    private static (KabiStatus, string?) Classify(string? name)
    {
        if (name is null)
            return (KabiStatus.Normal, null);
        if (name.StartsWith(ReservedPrefix, StringComparison.Ordinal))
            return (KabiStatus.Reserved, null);
        if (name.StartsWith(IgnoredPrefix, StringComparison.Ordinal))
            return (KabiStatus.Ignored, null);
        if (name.StartsWith(RenamedPrefix, StringComparison.Ordinal))
            return (KabiStatus.Reserved, name[RenamedPrefix.Length..]);
        return (KabiStatus.Normal, null);
    }
}
