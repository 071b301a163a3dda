using DwarfAbi.Dwarf;

namespace DwarfAbi.Btf.FromDwarf;

/// <summary>
/// The order in which a unit's DIEs become BTF types, functions and variables, as pahole's DWARF
/// loader meets them: top-level DIEs in order, a type nested in a struct or a function body before
/// the DIE that holds it.
/// </summary>
internal sealed class UnitTypeTable
{
    private readonly Dictionary<int, uint> _ids = [];

    public UnitTypeTable(Unit unit)
    {
        Unit = unit;
        foreach (var die in unit.Root.Children())
            TopLevel(die);
    }

    public Unit Unit { get; }
    public List<Die> Types { get; } = [];
    public List<Die> Functions { get; } = [];
    public List<Die> Variables { get; } = [];

    /// <summary>Tags that take a slot in the table. Some have no BTF encoding and make encoding fail, as in pahole.</summary>
    public static bool IsTableType(ushort tag) => tag is DwTag.BaseType or DwTag.PointerType or DwTag.ConstType
        or DwTag.VolatileType or DwTag.RestrictType or DwTag.Typedef or DwTag.StructureType or DwTag.ClassType
        or DwTag.UnionType or DwTag.EnumerationType or DwTag.ArrayType or DwTag.SubroutineType
        or DwTag.ReferenceType or DwTag.RvalueReferenceType or DwTag.PtrToMemberType or StringType;

    public const ushort StringType = 0x12;

    /// <summary>Local type id of the DIE a reference attribute points to; 0 (void) for DIEs with no slot.</summary>
    public uint Reference(Die owner, ushort attribute)
    {
        if (!owner.TryGet(attribute, out var v) || v.Class != ValueClass.Reference)
            return 0;
        if (!ReferenceEquals(owner.Unit, Unit))
            return 0;
        long offset = (long)v.Value;
        return offset <= int.MaxValue && _ids.TryGetValue((int)offset, out uint id) ? id : 0;
    }

    private void TopLevel(Die die)
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
                foreach (var child in die.Children())
                    TopLevel(child);
                break;
            default:
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
        Types.Add(die);
        _ids[die.Offset] = (uint)Types.Count;
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
