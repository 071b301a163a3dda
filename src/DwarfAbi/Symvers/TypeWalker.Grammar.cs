using DwarfAbi.Dwarf;

namespace DwarfAbi.Symvers;

/// <summary>The text each DWARF tag renders to.</summary>
internal sealed partial class TypeWalker
{
    private const string KabiPrefix = "__kabi_";

    /// <summary>A symbol's own text: <c>subprogram (...) -> T</c> or <c>variable T</c>.</summary>
    public void ProcessRoot(WalkState state, DieEntry entry, Die die, bool isSubprogram)
    {
        if (isSubprogram)
        {
            Subroutine(state, entry, die, "subprogram");
        }
        else
        {
            Text(entry, "variable ");
            TypeAttribute(state, entry, die);
        }
        entry.Seal(DieState.Symbol);
    }

    private void TypeAttribute(WalkState state, DieEntry entry, Die die)
    {
        if (die.TryRef(DwAt.Type, out var type))
            ProcessType(state, entry, type);
        else
            Text(entry, "base_type void"); // compilers omit DW_AT_type for void
    }

    private void Fqn(DieEntry entry, Die die)
    {
        entry.Fqn ??= fqns.Get(die);
        if (entry.Fqn.Length > 0)
            Text(entry, " ");
        Text(entry, entry.Fqn);
    }

    private void Attribute(DieEntry entry, Die die, ushort attribute, string name)
    {
        if (die.TryUnsigned(attribute, out ulong value))
            Text(entry, pool.Attribute(name, value));
    }

    private void ByteSize(DieEntry entry, Die die)
    {
        if (!die.TryUnsigned(DwAt.ByteSize, out ulong value))
            return;
        if (stable && rules.TryGetByteSize(entry.Fqn, out ulong overridden))
            value = overridden;
        Text(entry, pool.Attribute("byte_size", value));
    }

    private void Modifier(WalkState state, DieEntry entry, Die die, string word)
    {
        Text(entry, word);
        Fqn(entry, die);
        Text(entry, " {");
        Linebreak(entry, 1);
        TypeAttribute(state, entry, die);
        Linebreak(entry, -1);
        Text(entry, "}");
        ByteSize(entry, die);
        Attribute(entry, die, DwAt.Alignment, "alignment");
    }

    private void BaseType(DieEntry entry, Die die)
    {
        Text(entry, "base_type");
        Fqn(entry, die);
        ByteSize(entry, die);
        Attribute(entry, die, DwAt.Encoding, "encoding");
        Attribute(entry, die, DwAt.Alignment, "alignment");
    }

    private void Subrange(DieEntry entry, Die die)
    {
        if (die.TryUnsigned(DwAt.Count, out ulong count))
            Text(entry, pool.Dimension(count));
        else if (die.TryUnsigned(DwAt.UpperBound, out ulong upper))
            Text(entry, pool.Dimension(unchecked(upper + 1)));
        else
            Text(entry, "[]");
    }

    private void Array(WalkState state, DieEntry entry, Die die)
    {
        Text(entry, "array_type");
        Container(state, entry, die, ProcessChild, d => d.Tag == DwTag.SubrangeType);
        Text(entry, " {");
        Linebreak(entry, 1);
        TypeAttribute(state, entry, die);
        Linebreak(entry, -1);
        Text(entry, "}");
    }

    /// <summary>A subroutine type, or a subprogram symbol root: parameters, then the return type.</summary>
    private void Subroutine(WalkState state, DieEntry entry, Die die, string word)
    {
        Text(entry, word);
        Text(entry, " (");
        Linebreak(entry, 1);
        // DW_TAG_unspecified_parameters (varargs) is deliberately not part of the string.
        Container(state, entry, die, ProcessChild, d => d.Tag == DwTag.FormalParameter);
        Linebreak(entry, -1);
        Text(entry, ")");
        Linebreak(entry, 0);
        Text(entry, "-> ");
        TypeAttribute(state, entry, die);
    }

    /// <summary>A member or formal parameter: type, name, then the layout attributes.</summary>
    private void ListItem(WalkState state, DieEntry entry, Die die, string word)
    {
        string? name = pool.Name(die);
        if (stable)
        {
            if (name is not null && name.StartsWith(KabiPrefix, StringComparison.Ordinal))
                name = null;
            state.OriginalName = null;
        }
        ListComma(state, entry);
        Text(entry, word);
        TypeAttribute(state, entry, die);
        if (stable && state.OriginalName is not null)
            name = state.OriginalName;
        if (name is not null)
        {
            Text(entry, " ");
            Text(entry, name);
        }
        Attribute(entry, die, DwAt.Accessibility, "accessibility");
        Attribute(entry, die, DwAt.BitSize, "bit_size");
        Attribute(entry, die, DwAt.DataBitOffset, "data_bit_offset");
        Attribute(entry, die, DwAt.DataMemberLocation, "data_member_location");
    }

    private void Variant(WalkState state, DieEntry entry, Die die)
    {
        ListComma(state, entry);
        Text(entry, "variant {");
        Linebreak(entry, 1);
        Container(state, entry, die, ProcessChild, d => d.Tag == DwTag.Member);
        Linebreak(entry, -1);
        Text(entry, "}");
        Attribute(entry, die, DwAt.DiscrValue, "discr_value");
    }

    private void VariantPart(WalkState state, DieEntry entry, Die die)
    {
        ListComma(state, entry);
        Text(entry, "variant_part {");
        Linebreak(entry, 1);
        Container(state, entry, die, ProcessChild, _ => true);
        Linebreak(entry, -1);
        Text(entry, "}");
    }

    /// <summary>Structures, classes, unions and enumerations; the body only when expanded.</summary>
    private void Aggregate(WalkState state, DieEntry entry, Die die, string word)
    {
        Text(entry, word);
        Fqn(entry, die);
        Text(entry, " {");
        Linebreak(entry, 1);
        bool expand = state.Expand && IsDefinition(entry, die);
        if (expand)
        {
            state.CurrentFqn = entry.Fqn;
            if (die.Tag == DwTag.EnumerationType)
                Container(state, entry, die, ProcessChild, d => d.Tag == DwTag.Enumerator);
            else
                Container(state, entry, die, AggregateChild, _ => true);
        }
        Linebreak(entry, -1);
        Text(entry, "}");
        if (expand)
        {
            ByteSize(entry, die);
            Attribute(entry, die, DwAt.Alignment, "alignment");
        }
    }

    private bool IsDefinition(DieEntry entry, Die die) =>
        !die.Flag(DwAt.Declaration)
        && !(stable && rules.IsDeclOnly(entry.Fqn))
        && !privates.IsPrivate(die);

    private void AggregateChild(WalkState state, DieEntry entry, Die die)
    {
        switch (die.Tag)
        {
            case DwTag.Member:
                if (!IsKabiIgnored(die))
                    ProcessType(state, entry, die);
                break;
            case DwTag.VariantPart:
                ProcessType(state, entry, die);
                break;
            case DwTag.ClassType or DwTag.EnumerationType or DwTag.StructureType
                or DwTag.TemplateTypeParameter or DwTag.UnionType or DwTag.Subprogram:
                break; // nested types and member functions are not members
            default:
                throw new DwarfAbiException($"unexpected structure_type child: {die.Tag:x}", die.Offset);
        }
    }

    private void Union(WalkState state, DieEntry entry, Die die)
    {
        var status = KabiUnionStatus.Of(die, stable);
        if (status.Kind == KabiStatus.Reserved)
        {
            // The union stands for its placeholder, so taking a reserved slot into use keeps the CRC.
            state.OriginalName = status.OriginalName;
            ProcessType(state, entry, status.Placeholder);
        }
        if (status.Kind is KabiStatus.Reserved or KabiStatus.Ignored)
            return;
        Aggregate(state, entry, die, "union_type");
    }

    private bool IsKabiIgnored(Die member)
    {
        if (!stable)
            return false;
        if (!member.TryRef(DwAt.Type, out var type))
            throw new DwarfAbiException("member missing a type?", member.Offset);
        return type.Tag == DwTag.UnionType && KabiUnionStatus.Of(type, stable).Kind == KabiStatus.Ignored;
    }

    private void Enumerator(WalkState state, DieEntry entry, Die die)
    {
        bool overridden = false;
        ulong value = 0;
        if (stable)
        {
            entry.Fqn ??= fqns.Get(die);
            if (rules.IsEnumeratorIgnored(state.CurrentFqn, entry.Fqn))
                return;
            overridden = rules.TryGetEnumeratorValue(state.CurrentFqn, entry.Fqn, out value);
        }
        ListComma(state, entry);
        Text(entry, "enumerator");
        Fqn(entry, die);
        if (overridden || die.TryUnsigned(DwAt.ConstValue, out value))
        {
            Text(entry, " = ");
            Text(entry, pool.Number(value));
        }
    }
}
