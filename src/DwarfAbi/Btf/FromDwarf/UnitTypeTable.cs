using DwarfAbi.Dwarf;

namespace DwarfAbi.Btf.FromDwarf;

/// <summary>
/// The order in which a unit's DIEs become BTF types, functions and variables, as pahole's DWARF
/// loader meets them: top-level DIEs in order, a type nested in a struct or a function body before
/// the DIE that holds it.
/// </summary>
internal sealed class UnitTypeTable
{
    // Local type id by DIE offset from the unit's start (0: no slot). One array per thread, reused
    // from unit to unit: a unit's references are looked up millions of times across a kernel.
    [ThreadStatic]
    private static uint[]? t_ids;
    private readonly uint[] _ids;
    private readonly bool _typeTags;
    // Type tags of a pointer take the table slots before it and chain from its last tag back to
    // the first, whose type is the pointee: pointer -> tag_n -> ... -> tag_1 -> pointee.
    private readonly Dictionary<int, (Die Pointer, uint Previous)> _tagLinks = [];
    private readonly Dictionary<int, uint> _pointerTags = [];
    private readonly HashSet<int> _bindings = [];

    public UnitTypeTable(Unit unit, bool typeTags)
    {
        Unit = unit;
        _typeTags = typeTags;
        int length = unit.Length;
        if (t_ids is null || t_ids.Length < length)
            t_ids = new uint[Math.Max(length, 2 * (t_ids?.Length ?? 0))];
        _ids = t_ids;
        Array.Clear(_ids, 0, length);
        (Types, Functions, Variables) = t_lists ??= ([], [], []);
        Types.Clear();
        Functions.Clear();
        Variables.Clear();
        foreach (var die in unit.Root.Children())
            TopLevel(die, false, true);
    }

    public Unit Unit { get; }
    public List<Die> Types { get; }
    public List<Die> Functions { get; }
    public List<Die> Variables { get; }

    // The lists too are the thread's, reused from unit to unit (a table is used on the thread that makes it).
    [ThreadStatic]
    private static (List<Die> Types, List<Die> Functions, List<Die> Variables)? t_lists;

    /// <summary>Tags that take a slot in the table. Some have no BTF encoding and make encoding fail, as in pahole.</summary>
    public static bool IsTableType(ushort tag) => tag is DwTag.BaseType or DwTag.PointerType or DwTag.ConstType
        or DwTag.VolatileType or DwTag.RestrictType or DwTag.Typedef or DwTag.StructureType or DwTag.ClassType
        or DwTag.UnionType or DwTag.EnumerationType or DwTag.ArrayType or DwTag.SubroutineType
        or DwTag.ReferenceType or DwTag.RvalueReferenceType or DwTag.PtrToMemberType or StringType;

    public const ushort StringType = 0x12;

    /// <summary>Local type id of the DIE a reference attribute points to; 0 (void) for DIEs with no slot.</summary>
    public uint Reference(Die owner, ushort attribute) =>
        owner.TryGet(attribute, out var v) && ReferenceEquals(owner.Unit, Unit) ? Reference(v) : 0;

    /// <summary>Local type id of the DIE a reference value of this unit points to; 0 (void) for DIEs with no slot.</summary>
    public uint Reference(AttributeValue v)
    {
        if (v.Class != ValueClass.Reference)
            return 0;
        ulong at = v.Value - (ulong)Unit.Offset;
        return at < (ulong)Unit.Length ? _ids[at] : 0;
    }

    /// <summary>
    /// Whether a struct or union DIE is a Rust binding's copy of a C type: it sits directly in a
    /// namespace named <c>bindings</c> (the module bindgen output is conventionally included in,
    /// and the crate of the kernel's bindings) or in the kernel's <c>uapi</c> crate, the other
    /// crate of bindgen output.
    /// </summary>
    public bool IsBinding(Die die) => _bindings.Contains(die.Offset);

    /// <summary>What a pointer DIE's PTR refers to: its last type tag, or its pointee.</summary>
    public uint PointerTarget(Die pointer) =>
        _pointerTags.TryGetValue(pointer.Offset, out uint tag) ? tag : Reference(pointer, DwAt.Type);

    /// <summary>What a btf_type_tag annotation's TYPE_TAG refers to: the tag before it, or the pointee.</summary>
    public uint TypeTagTarget(Die annotation)
    {
        var (pointer, previous) = _tagLinks[annotation.Offset];
        return previous != 0 ? previous : Reference(pointer, DwAt.Type);
    }

    /// <param name="inBindings">Whether a namespace on the way to the DIE marks bindgen output.</param>
    /// <param name="isCrate">Whether a namespace DIE here is a crate (the outermost one).</param>
    private void TopLevel(Die die, bool inBindings, bool isCrate)
    {
        switch (die.Tag)
        {
            case DwTag.Subprogram:
                Function(die);
                break;
            case DwTag.Variable:
                Variables.Add(die);
                break;
            case DwTag.Namespace:
                bool bindings = inBindings || die.Name == "bindings" || (isCrate && die.Name == "uapi");
                foreach (var child in die.Children())
                    TopLevel(child, bindings, false);
                break;
            default:
                if (inBindings && die.Tag is DwTag.StructureType or DwTag.UnionType && !die.Flag(DwAt.Declaration))
                    _bindings.Add(die.Offset);
                if (IsTableType(die.Tag))
                    Type(die);
                break;
        }
    }

    private void Type(Die die)
    {
        if (die.Tag is DwTag.StructureType or DwTag.ClassType or DwTag.UnionType)
        {
            foreach (var child in die.Children())
            {
                if (IsTableType(child.Tag))
                    Type(child);
            }
        }
        else if (die.Tag == DwTag.PointerType && _typeTags && die.HasChildren)
        {
            TypeTags(die);
        }
        Add(die);
    }

    private void TypeTags(Die pointer)
    {
        uint previous = 0;
        foreach (var child in pointer.Children())
        {
            if (child.Tag != DwTag.LlvmAnnotation || child.Name != "btf_type_tag")
                continue;
            _tagLinks[child.Offset] = (pointer, previous);
            previous = Add(child);
        }
        if (previous != 0)
            _pointerTags[pointer.Offset] = previous;
    }

    private uint Add(Die die)
    {
        Types.Add(die);
        return _ids[die.Offset - Unit.Offset] = (uint)Types.Count;
    }

    private void Function(Die die)
    {
        Body(die);
        Functions.Add(die);
    }

    private void Body(Die die)
    {
        foreach (var child in die.Children())
        {
            if (child.Tag == DwTag.LexicalBlock)
                Body(child);
            else if (child.Tag == DwTag.Subprogram)
                Function(child);
            else if (IsTableType(child.Tag))
                Type(child);
        }
    }
}
