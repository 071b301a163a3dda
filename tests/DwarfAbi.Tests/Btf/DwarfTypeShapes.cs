using DwarfAbi.Btf;
using DwarfAbi.Dwarf;
using DwarfAbi.Elf;

namespace DwarfAbi.Tests.Btf;

/// <summary>
/// What the DWARF of an object says a BTF encoding of it must hold: every struct, union and
/// zero-sized base type with its kernel name, its DW_AT_byte_size and the names of its members,
/// and counts of the Rust units' type DIEs. Read with the DWARF reader, whose DIE tree
/// LlvmDwarfdumpTests holds equal to llvm-dwarfdump's for these same objects.
/// </summary>
public sealed class DwarfTypeShapes
{
    /// <summary>
    /// A STRUCT or UNION one DIE becomes. <paramref name="Members"/> is null when the DWARF members
    /// are not BTF members one for one (a data-carrying enum's own struct).
    /// </summary>
    public sealed record Shape(int Offset, string? Name, bool IsUnion, ulong Size, IReadOnlySet<string>? Members);

    private const ulong RustLanguage = 0x1c;
    private const ushort StringType = 0x12;

    public List<Shape> Shapes { get; } = [];
    /// <summary>Kernel names of the zero-sized base types of Rust units (<c>()</c>, <c>!</c>).</summary>
    public HashSet<string> ZeroSizedBaseTypes { get; } = new(StringComparer.Ordinal);
    /// <summary>DIEs of Rust units that describe a type, at any depth: each takes one slot in the encoder's table.</summary>
    public List<Die> RustTypeDies { get; } = [];
    /// <summary>Data-carrying enums of Rust units (structs holding a DW_TAG_variant_part).</summary>
    public int RustVariantParts { get; private set; }
    /// <summary>Enumerations of 16 bytes (<c>#[repr(u128)]</c>), which no BTF enum kind can hold.</summary>
    public int WideEnums { get; private set; }
    public bool HasCUnits { get; private set; }

    public static DwarfTypeShapes Read(string path)
    {
        using var elf = ElfFile.Open(path);
        var dwarf = DwarfData.FromElf(elf);
        var shapes = new DwarfTypeShapes();
        foreach (var unit in dwarf.Units)
        {
            if (unit.IsTypeUnit)
                continue;
            bool rust = unit.Root.Constant(DwAt.Language) == RustLanguage;
            shapes.HasCUnits |= !rust;
            shapes.Walk(unit.Root, rust);
        }
        return shapes;
    }

    /// <summary>The name the kernel's identifier rule lets through: bpf-linker's sanitised form when the DWARF name is not an identifier.</summary>
    public static string? KernelName(string? name) =>
        string.IsNullOrEmpty(name) ? null : RustNames.IsPortableIdentifier(name) ? name : RustNames.Sanitize(name);

    private void Walk(Die die, bool rust)
    {
        foreach (var child in die.Children())
        {
            if (rust && IsType(child.Tag))
                RustTypeDies.Add(child);
            Describe(child, rust);
            if (child.HasChildren)
                Walk(child, rust);
        }
    }

    private static bool IsType(ushort tag) => tag is DwTag.BaseType or DwTag.PointerType or DwTag.ConstType
        or DwTag.VolatileType or DwTag.RestrictType or DwTag.Typedef or DwTag.StructureType or DwTag.ClassType
        or DwTag.UnionType or DwTag.EnumerationType or DwTag.ArrayType or DwTag.SubroutineType
        or DwTag.ReferenceType or DwTag.RvalueReferenceType or DwTag.PtrToMemberType or StringType;

    private void Describe(Die die, bool rust)
    {
        ulong? size = die.Constant(DwAt.ByteSize);
        switch (die.Tag)
        {
            case DwTag.BaseType when rust && size == 0:
                if (KernelName(die.Name) is { } zst)
                {
                    ZeroSizedBaseTypes.Add(zst);
                    Shapes.Add(new Shape(die.Offset, zst, false, 0, new HashSet<string>()));
                }
                break;
            case DwTag.EnumerationType when size == 16:
                WideEnums++;
                break;
            case DwTag.StructureType or DwTag.ClassType or DwTag.UnionType when size is { } bytes && !die.Flag(DwAt.Declaration):
                Composite(die, bytes, rust);
                break;
        }
    }

    private void Composite(Die die, ulong size, bool rust)
    {
        bool isUnion = die.Tag == DwTag.UnionType;
        var members = new HashSet<string>(StringComparer.Ordinal);
        Die? variantPart = null;
        foreach (var child in die.Children())
        {
            if (child.Tag == DwTag.Member && KernelName(child.Name) is { } m)
                members.Add(m);
            else if (child.Tag == DwTag.VariantPart)
                variantPart = child;
        }
        if (variantPart is not { } part)
        {
            Shapes.Add(new Shape(die.Offset, KernelName(die.Name), isUnion, size, members));
            return;
        }
        if (rust)
            RustVariantParts++;
        // BTF has no tagged union: the variants become an anonymous union as large as the enum.
        Shapes.Add(new Shape(die.Offset, KernelName(die.Name), isUnion, size, null));
        Shapes.Add(new Shape(die.Offset, null, true, size, VariantMembers(part)));
    }

    private static HashSet<string> VariantMembers(Die variantPart)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var variant in variantPart.Children())
        {
            if (variant.Tag != DwTag.Variant)
                continue;
            foreach (var m in variant.Children())
            {
                if (m.Tag == DwTag.Member && KernelName(m.Name) is { } name)
                    names.Add(name);
            }
        }
        return names;
    }
}
