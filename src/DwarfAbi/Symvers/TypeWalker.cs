using DwarfAbi.Dwarf;

namespace DwarfAbi.Symvers;

/// <summary>
/// Renders DIEs into die_map fragments (the type-string grammar). Each DIE is rendered once per
/// state and object; a later visit replays the cached fragments, which only matters for the
/// dump text and for marking aggregates as expanded for the current symbol.
/// </summary>
internal sealed partial class TypeWalker(DieMap map, FqnResolver fqns, TextPool pool, KabiRules rules, bool stable, DieDumper dumper, PrivateDefinitions privates)
{
    public DieMap Map => map;

    public void ProcessType(WalkState state, DieEntry? parent, Die die)
    {
        ushort tag = die.Tag;
        bool savedExpand = state.Expand;
        string? savedFqn = state.CurrentFqn;
        var wanted = DieState.Complete;

        // An aggregate is expanded at its first visit per symbol only; that also ends recursion.
        if (IsExpandedType(tag))
        {
            if (state.Expanded.Contains(die.Key))
                state.Expand = false;
            if (state.Expand)
                state.Expanded.Add(die.Key);
            else
                wanted = DieState.Unexpanded;
        }

        var entry = map.GetOrCreate(die, wanted);
        if (entry.State == wanted)
        {
            if (dumper.MapEnabled)
                dumper.MapEvent(92, $"cached addr 0x{die.Key:x} tag {tag:x} -- {entry.State}");
            // Replaying echoes the cached text for --dump-dies. Its other effect, marking the
            // aggregates met as expanded for this symbol, decides only whether a later visit
            // asks for a DIE's complete or unexpanded slot; the complete one already exists for
            // every aggregate met here, and flattening prefers it, so without the dump the
            // replay can be left out, and with it the whole walk's cost per symbol.
            if (dumper.Enabled)
                Replay(state, entry);
        }
        else
        {
            if (dumper.MapEnabled)
                dumper.MapEvent(92, $"addr 0x{die.Key:x} tag {tag:x} -- {entry.State} -> {wanted}");
            Render(state, entry, die);
            if (dumper.MapEnabled)
                dumper.MapEvent(91, $"parent 0x{parent?.Key ?? 0:x} cache 0x{entry.Key:x} die addr 0x{die.Key:x} tag {tag:x}");
            entry.Tag = tag;
            entry.Seal(wanted);
        }
        AddChild(parent, entry);
        state.Expand = savedExpand;
        state.CurrentFqn = savedFqn;
    }

    /// <summary>A child of a container, always rendered into its parent's entry.</summary>
    private void ProcessChild(WalkState state, DieEntry parent, Die die) => ProcessType(state, parent, die);

    private static bool IsExpandedType(ushort tag) =>
        tag is DwTag.ClassType or DwTag.StructureType or DwTag.UnionType or DwTag.EnumerationType;

    private void Replay(WalkState state, DieEntry entry)
    {
        foreach (var f in entry.Fragments)
        {
            switch (f.Kind)
            {
                case FragmentKind.Text:
                    if (dumper.MapEnabled)
                        dumper.MapEvent(94, $"cache 0x{entry.Key:x} STRING '{entry.TextOf(f)}'");
                    Text(null, entry.TextOf(f));
                    break;
                case FragmentKind.Linebreak:
                    Linebreak(null, f.Delta);
                    break;
                default:
                    if (dumper.MapEnabled)
                        dumper.MapEvent(94, $"cache 0x{entry.Key:x} DIE addr 0x{entry.ChildOf(f).Key:x} tag {entry.ChildOf(f).Die.Tag:x}");
                    ProcessType(state, null, entry.ChildOf(f).Die);
                    break;
            }
        }
    }

    private void Render(WalkState state, DieEntry entry, Die die)
    {
        switch (die.Tag)
        {
            case DwTag.AtomicType: Modifier(state, entry, die, "atomic_type"); break;
            case DwTag.ConstType: Modifier(state, entry, die, "const_type"); break;
            case DwTag.ImmutableType: Modifier(state, entry, die, "immutable_type"); break;
            case DwTag.PackedType: Modifier(state, entry, die, "packed_type"); break;
            case DwTag.PointerType: Modifier(state, entry, die, "pointer_type"); break;
            case DwTag.ReferenceType: Modifier(state, entry, die, "reference_type"); break;
            case DwTag.RestrictType: Modifier(state, entry, die, "restrict_type"); break;
            case DwTag.RvalueReferenceType: Modifier(state, entry, die, "rvalue_reference_type"); break;
            case DwTag.SharedType: Modifier(state, entry, die, "shared_type"); break;
            case DwTag.VolatileType: Modifier(state, entry, die, "volatile_type"); break;
            case DwTag.TemplateTypeParameter: Modifier(state, entry, die, "template_type_parameter_type"); break;
            case DwTag.Typedef: Modifier(state, entry, die, "typedef_type"); break;
            case DwTag.ClassType: Aggregate(state, entry, die, "class_type"); break;
            case DwTag.StructureType: Aggregate(state, entry, die, "structure_type"); break;
            case DwTag.UnionType: Union(state, entry, die); break;
            case DwTag.EnumerationType: Aggregate(state, entry, die, "enumeration_type"); break;
            case DwTag.Enumerator: Enumerator(state, entry, die); break;
            case DwTag.FormalParameter: ListItem(state, entry, die, "formal_parameter "); break;
            case DwTag.Member: ListItem(state, entry, die, "member "); break;
            case DwTag.SubrangeType: Subrange(entry, die); break;
            case DwTag.Variant: Variant(state, entry, die); break;
            case DwTag.VariantPart: VariantPart(state, entry, die); break;
            case DwTag.ArrayType: Array(state, entry, die); break;
            case DwTag.BaseType: BaseType(entry, die); break;
            case DwTag.SubroutineType: Subroutine(state, entry, die, "subroutine_type"); break;
            case DwTag.UnspecifiedType: Text(entry, "unspecified_type"); break;
            default:
                throw new DwarfAbiException($"unexpected type: {die.Tag:x}", die.Offset);
        }
    }

    // ---- fragment output ----

    private void Text(DieEntry? entry, string text)
    {
        dumper.Text(text);
        if (entry is not { } target)
            return;
        if (dumper.MapEnabled)
            dumper.MapEvent(91, $"cache 0x{target.Key:x} string '{text}'");
        target.AppendText(text);
    }

    private void Linebreak(DieEntry? entry, int delta)
    {
        dumper.Linebreak(delta);
        entry?.AppendLinebreak(delta);
    }

    private void AddChild(DieEntry? parent, DieEntry child) => parent?.AppendChild(child);

    /// <summary>Children of a DIE through a callback; each container starts a fresh comma-separated list.</summary>
    private void Container(WalkState state, DieEntry entry, Die die, Action<WalkState, DieEntry, Die> each, Func<Die, bool> match)
    {
        state.FirstListItem = true;
        if (die.HasChildren)
        {
            foreach (var child in die.Children())
            {
                if (match(child))
                    each(state, entry, child);
            }
        }
        state.FirstListItem = false;
    }

    private void ListComma(WalkState state, DieEntry entry)
    {
        if (state.FirstListItem)
        {
            state.FirstListItem = false;
            return;
        }
        Text(entry, " ,");
        Linebreak(entry, 0);
    }
}
