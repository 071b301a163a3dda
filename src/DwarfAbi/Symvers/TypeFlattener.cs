using System.Text;
using DwarfAbi.Dwarf;

namespace DwarfAbi.Symvers;

/// <summary>
/// Turns die_map entries into one-line strings: named aggregates and typedefs become
/// reference tokens, everything else is inlined, and runs of line breaks become one space.
/// </summary>
internal sealed class TypeFlattener(TextPool pool, SymversLog log)
{
    public TypeExpansion Flatten(string name, DieEntry entry)
    {
        var expansion = new TypeExpansion(name, entry.Fragments.Length);
        Flatten(entry, expansion);
        return expansion;
    }

    private void Flatten(DieEntry entry, TypeExpansion into)
    {
        var fragments = entry.Fragments;
        for (int i = 0; i < fragments.Length; i++)
        {
            var f = fragments[i];
            switch (f.Kind)
            {
                case FragmentKind.Text:
                    into.Append(entry.TextOf(f));
                    break;
                case FragmentKind.Linebreak:
                    if (i == fragments.Length - 1 || fragments[i + 1].Kind != FragmentKind.Linebreak)
                        into.Append(" ");
                    break;
                default:
                    var child = Resolve(entry.ChildOf(f));
                    if (TypeName(child) is { } reference)
                        into.Append(reference);
                    else
                        Flatten(child, into);
                    break;
            }
        }
    }

    /// <summary>
    /// The byte length of what <see cref="Flatten(string, DieEntry)"/> would produce, without
    /// producing it: rival renderings of a type are compared by length, and only the winner's
    /// text is needed. Remembered per entry, as the same inlined entries recur under many types.
    /// </summary>
    public long Length(DieEntry entry)
    {
        if (entry.FlatLength >= 0)
            return entry.FlatLength;
        var fragments = entry.Fragments;
        long length = 0;
        for (int i = 0; i < fragments.Length; i++)
        {
            var f = fragments[i];
            switch (f.Kind)
            {
                case FragmentKind.Text:
                    length += entry.TextBytesOf(f);
                    break;
                case FragmentKind.Linebreak:
                    if (i == fragments.Length - 1 || fragments[i + 1].Kind != FragmentKind.Linebreak)
                        length++;
                    break;
                default:
                    var child = Resolve(entry.ChildOf(f));
                    length += TypeName(child) is { } reference ? Encoding.UTF8.GetByteCount(reference) : Length(child);
                    break;
            }
        }
        // A type string beyond 2 GB could not be held anyway; the memo is an int to keep entries small.
        entry.FlatLength = checked((int)length);
        return length;
    }

    /// <summary>A complete rendering of the child anywhere in the object beats an unexpanded one.</summary>
    /// <remarks>A child's DIE is rendered in its parent's map, so that map holds every rendering of it.</remarks>
    private static DieEntry Resolve(DieEntry rendered) =>
        rendered.Owner.Resolved(rendered.Index)
            ?? throw new DwarfAbiException($"unknown child: 0x{rendered.Die.Offset:x}", rendered.Die.Offset);

    /// <summary>
    /// The reference token of a named struct, class, union, enum or typedef entry
    /// (<c>s#name</c>, quoted when the name has a space), or null for anything inlined.
    /// </summary>
    public string? TypeName(DieEntry entry)
    {
        if (entry.State == DieState.Incomplete)
        {
            log.Warn("get_type_name", $"found incomplete cache entry: 0x{entry.Key:x}");
            return null;
        }
        if (entry.State == DieState.Symbol || string.IsNullOrEmpty(entry.Fqn))
            return null;
        char prefix = entry.Tag switch
        {
            DwTag.ClassType or DwTag.StructureType => 's',
            DwTag.UnionType => 'u',
            DwTag.EnumerationType => 'e',
            DwTag.Typedef => 't',
            _ => '\0',
        };
        if (prefix == '\0')
            return null;
        return pool.Reference(prefix, entry.Fqn);
    }
}
