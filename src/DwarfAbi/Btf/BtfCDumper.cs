using System.Text;

namespace DwarfAbi.Btf;

/// <summary>
/// BTF as a C header, in the manner of <c>bpftool btf dump ... format c</c> (vmlinux.h): every named
/// struct, union, enum and typedef, each after the types it holds by value, a forward declaration
/// where a pointer meets a struct not yet defined, anonymous types inline, and enums nobody
/// references on their own. Layouts are kept exact: gaps become unnamed bit-fields, misaligned
/// members make the type <c>packed</c>, and a union larger than its members gets an alignment.
/// Names used twice for different types get a <c>___N</c> suffix, as bpftool does.
/// </summary>
public sealed class BtfCDumper
{
    private enum State : byte
    {
        None,
        Emitting,
        Done,
    }

    private readonly BtfData _btf;
    private readonly int _pointerSize;
    private readonly TextWriter _w;
    private readonly State[] _state;
    private readonly string?[] _names;
    private readonly Dictionary<string, int> _tagNames = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _ordinaryNames = new(StringComparer.Ordinal);
    private readonly HashSet<string> _declared = new(StringComparer.Ordinal);
    private readonly Dictionary<uint, (uint Size, uint Align, bool Packed)> _layouts = [];

    private BtfCDumper(BtfData btf, int pointerSize, TextWriter w)
    {
        _btf = btf;
        _pointerSize = pointerSize;
        _w = w;
        _state = new State[btf.TypeCount];
        _names = new string?[btf.TypeCount];
    }

    public static void Dump(BtfData btf, TextWriter w, int pointerSize = 8)
    {
        var d = new BtfCDumper(btf, pointerSize, w);
        w.Write("#ifndef __VMLINUX_H__\n#define __VMLINUX_H__\n\n");
        w.Write("#ifndef BPF_NO_PRESERVE_ACCESS_INDEX\n#pragma clang attribute push (__attribute__((preserve_access_index)), apply_to = record)\n#endif\n\n");
        var referenced = d.ReferencedTypes();
        for (uint id = 1; id < btf.TypeCount; id++)
        {
            var t = btf.Type(id);
            bool named = t.NameOff != 0;
            if ((t.IsStructOrUnion && named) || t.Kind is BtfKind.Typedef or BtfKind.Fwd || (t.IsAnyEnum && (named || !referenced[id])))
                d.Emit(id);
        }
        w.Write("#ifndef BPF_NO_PRESERVE_ACCESS_INDEX\n#pragma clang attribute pop\n#endif\n\n#endif /* __VMLINUX_H__ */\n");
    }

    private BtfType T(uint id) => _btf.Type(id);

    private bool[] ReferencedTypes()
    {
        var referenced = new bool[_btf.TypeCount];
        for (uint id = 1; id < _btf.TypeCount; id++)
        {
            BtfRefs.ForEachType(T(id), r =>
            {
                if (r < referenced.Length)
                    referenced[r] = true;
            });
        }
        return referenced;
    }

    // ---- ordering ----

    /// <summary>Writes whatever a use of <paramref name="id"/> needs before it: definitions when held by value, declarations otherwise.</summary>
    private void Require(uint id, bool byValue)
    {
        if (id == 0)
            return;
        var t = T(id);
        switch (t.Kind)
        {
            case BtfKind.Const or BtfKind.Volatile or BtfKind.Restrict or BtfKind.TypeTag:
                Require(t.SizeOrType, byValue);
                break;
            case BtfKind.Ptr:
                Require(t.SizeOrType, false);
                break;
            case BtfKind.Array:
                Require(t.ArrayElem, true);
                break;
            case BtfKind.FuncProto:
                Require(t.SizeOrType, false);
                for (int i = 0; i < t.Vlen; i++)
                    Require(t.ParamType(i), false);
                break;
            case BtfKind.Typedef:
                Emit(id);
                if (byValue)
                    Require(t.SizeOrType, true);
                break;
            case BtfKind.Struct or BtfKind.Union when t.NameOff == 0:
                for (int i = 0; i < t.Vlen; i++)
                    Require(t.MemberType(i), true);
                break;
            case BtfKind.Struct or BtfKind.Union:
                if (byValue)
                    Emit(id);
                else
                    Declare(id);
                break;
            case BtfKind.Enum or BtfKind.Enum64 when t.NameOff != 0:
                Emit(id);
                break;
            case BtfKind.Fwd:
                Declare(id);
                break;
        }
    }

    private void Declare(uint id)
    {
        // A struct being emitted is still declared, for prototypes inside its own definition.
        if (_state[id] == State.Done)
            return;
        var t = T(id);
        string decl = $"{Keyword(t)} {Name(id)}";
        if (_declared.Add(decl))
            _w.Write($"{decl};\n\n");
    }

    private void Emit(uint id)
    {
        if (_state[id] != State.None || IsCompilerBuiltin(id))
            return;
        _state[id] = State.Emitting;
        var t = T(id);
        var sb = new StringBuilder();
        switch (t.Kind)
        {
            case BtfKind.Struct or BtfKind.Union:
                for (int i = 0; i < t.Vlen; i++)
                    Require(t.MemberType(i), true);
                _declared.Add($"{Keyword(t)} {Name(id)}");
                sb.Append(Definition(id, 0)).Append(";\n\n");
                break;
            case BtfKind.Enum or BtfKind.Enum64:
                sb.Append(Definition(id, 0)).Append(";\n\n");
                break;
            case BtfKind.Typedef:
                Require(t.SizeOrType, false);
                sb.Append("typedef ").Append(Declaration(t.SizeOrType, Name(id), 0)).Append(";\n\n");
                break;
            case BtfKind.Fwd:
                _state[id] = State.None;
                Declare(id);
                _state[id] = State.Done;
                return;
        }
        _w.Write(sb.ToString());
        _state[id] = State.Done;
    }

    // Defining the compiler's own __builtin_va_list breaks any compiler that reads the header.
    private bool IsCompilerBuiltin(uint id) => T(id).Kind == BtfKind.Typedef && _btf.Name(T(id).NameOff) == "__builtin_va_list";

    // ---- names ----

    private static string Keyword(BtfType t) => t.Kind switch
    {
        BtfKind.Union => "union",
        BtfKind.Fwd => t.KFlag ? "union" : "struct",
        BtfKind.Enum or BtfKind.Enum64 => "enum",
        _ => "struct",
    };

    /// <summary>The C name of a named type: the first type of a name keeps it, later ones get ___2, ___3...</summary>
    private string Name(uint id)
    {
        if (_names[id] is { } known)
            return known;
        var t = T(id);
        string name = _btf.Name(t.NameOff);
        // A forward declaration or an enum without values names the same tag as the full type.
        bool isDeclaration = t.Kind == BtfKind.Fwd || (t.IsAnyEnum && t.Vlen == 0);
        var space = t.Kind == BtfKind.Typedef ? _ordinaryNames : _tagNames;
        string resolved = isDeclaration ? name : Unique(space, name);
        return _names[id] = resolved;
    }

    private static string Unique(Dictionary<string, int> space, string name)
    {
        int n = space.TryGetValue(name, out int seen) ? seen + 1 : 1;
        space[name] = n;
        return n == 1 ? name : $"{name}___{n}";
    }

    // ---- declarations ----

    /// <summary>A C declaration of <paramref name="declarator"/> with type <paramref name="id"/>, e.g. <c>int (*f)(void)</c>.</summary>
    private string Declaration(uint id, string declarator, int indent)
    {
        if (id == 0)
            return Join("void", declarator);
        var t = T(id);
        switch (t.Kind)
        {
            case BtfKind.Int or BtfKind.Float:
                return Join(_btf.Name(t.NameOff), declarator);
            case BtfKind.Typedef:
                return Join(Name(id), declarator);
            case BtfKind.Struct or BtfKind.Union or BtfKind.Enum or BtfKind.Enum64:
                return Join(t.NameOff == 0 ? Definition(id, indent) : $"{Keyword(t)} {Name(id)}", declarator);
            case BtfKind.Fwd:
                return Join($"{Keyword(t)} {Name(id)}", declarator);
            case BtfKind.Ptr:
                return Declaration(t.SizeOrType, "*" + declarator, indent);
            case BtfKind.Const or BtfKind.Volatile or BtfKind.Restrict:
                {
                    string q = t.Kind switch { BtfKind.Const => "const", BtfKind.Volatile => "volatile", _ => "restrict" };
                    // A qualified array qualifies its elements; compilers often say both.
                    if (ElementQualified(t.SizeOrType, t.Kind))
                        return Declaration(t.SizeOrType, declarator, indent);
                    return IsPointer(t.SizeOrType)
                        ? Declaration(t.SizeOrType, q + (declarator.Length > 0 ? " " + declarator : ""), indent)
                        : q + " " + Declaration(t.SizeOrType, declarator, indent);
                }
            case BtfKind.TypeTag:
                return Declaration(t.SizeOrType, declarator, indent);
            case BtfKind.Array:
                return Declaration(t.ArrayElem, $"{Grouped(declarator)}[{t.ArrayCount}]", indent);
            case BtfKind.FuncProto:
                return Declaration(t.SizeOrType, $"{Grouped(declarator)}({Parameters(t, indent)})", indent);
            default:
                throw new DwarfAbiException($"BTF type [{id}] of kind {BtfKindNames.Name(t.Kind)} has no C declaration");
        }
    }

    private bool IsPointer(uint id) => id != 0 && T(id).Kind == BtfKind.Ptr;

    private bool ElementQualified(uint id, BtfKind qualifier)
    {
        if (id == 0 || T(id).Kind != BtfKind.Array)
            return false;
        while (id != 0 && T(id).Kind == BtfKind.Array)
            id = T(id).ArrayElem;
        return id != 0 && T(id).Kind == qualifier;
    }

    private static string Grouped(string declarator) => declarator.StartsWith('*') ? $"({declarator})" : declarator;

    private static string Join(string type, string declarator) => declarator.Length == 0 ? type : $"{type} {declarator}";

    private string Parameters(BtfType proto, int indent)
    {
        if (proto.Vlen == 0)
            return "void";
        var parts = new List<string>();
        for (int i = 0; i < proto.Vlen; i++)
        {
            if (i == proto.Vlen - 1 && proto.ParamType(i) == 0 && proto.ParamName(i) == 0)
                parts.Add("...");
            else
                parts.Add(Declaration(proto.ParamType(i), proto.ParamName(i) == 0 ? "" : _btf.Name(proto.ParamName(i)), indent));
        }
        return string.Join(", ", parts);
    }

    // ---- definitions ----

    private string Definition(uint id, int indent)
    {
        var t = T(id);
        var sb = new StringBuilder();
        sb.Append(Keyword(t));
        if (t.NameOff != 0)
            sb.Append(' ').Append(Name(id));
        if (t.IsAnyEnum)
            AppendEnumerators(t, sb, indent);
        else
            AppendMembers(id, t, sb, indent);
        return sb.ToString();
    }

    private void AppendEnumerators(BtfType t, StringBuilder sb, int indent)
    {
        if (t.Vlen == 0)
            return;
        string pad = new('\t', indent + 1);
        sb.Append(" {\n");
        for (int i = 0; i < t.Vlen; i++)
        {
            long v = t.EnumValue(i);
            string value = t.Kind == BtfKind.Enum64 && !t.KFlag ? $"{(ulong)v}ULL" : t.Kind == BtfKind.Enum64 ? $"{v}LL" : v.ToString();
            sb.Append(pad).Append(Unique(_ordinaryNames, _btf.Name(t.EnumName(i)))).Append(" = ").Append(value).Append(",\n");
        }
        sb.Append(new string('\t', indent)).Append('}');
        // A C enum is as wide as int unless its values need more; BTF may say otherwise.
        if (t.SizeOrType is 1 or 2 or 8)
            sb.Append(" __attribute__((mode(").Append(t.SizeOrType switch { 1 => "QI", 2 => "HI", _ => "DI" }).Append(")))");
    }

    private void AppendMembers(uint id, BtfType t, StringBuilder sb, int indent)
    {
        var (size, align, packed) = Layout(id);
        string pad = new('\t', indent + 1);
        sb.Append(" {\n");
        bool isUnion = t.Kind == BtfKind.Union;
        ulong pos = 0;
        ulong maxEnd = 0;
        for (int i = 0; i < t.Vlen; i++)
        {
            uint m = t.MemberType(i);
            ulong offset = t.MemberBitOffset(i);
            uint bits = t.MemberBitfieldSize(i);
            if (!isUnion)
            {
                ulong natural = bits != 0 || packed ? pos : AlignUp(pos, 8UL * Layout(m).Align);
                if (offset > natural)
                    AppendPadding(sb, pad, pos, offset - pos);
            }
            string name = t.MemberName(i) == 0 ? "" : _btf.Name(t.MemberName(i));
            sb.Append(pad).Append(Declaration(m, name, indent + 1));
            if (bits != 0)
                sb.Append(": ").Append(bits);
            sb.Append(";\n");
            ulong end = offset + (bits != 0 ? bits : 8UL * Layout(m).Size);
            pos = isUnion ? 0 : end;
            maxEnd = Math.Max(maxEnd, end);
        }
        if (!isUnion)
        {
            ulong naturalEnd = AlignUp(pos, packed ? 8UL : 8UL * align);
            if (8UL * size > naturalEnd)
                AppendPadding(sb, pad, pos, 8UL * size - pos);
        }
        sb.Append(new string('\t', indent)).Append('}');
        if (packed)
            sb.Append(" __attribute__((packed))");
        else if (isUnion && AlignUp(maxEnd, 8UL * align) < 8UL * size)
            sb.Append(" __attribute__((aligned(").Append(UnionAlignment(size, align)).Append(")))");
    }

    private static uint UnionAlignment(uint size, uint align)
    {
        uint a = Math.Max(align, 1);
        while (a < size && size % (a * 2) == 0)
            a *= 2;
        return a;
    }

    /// <summary>Unnamed bit-fields that fill <paramref name="bits"/> from bit <paramref name="pos"/>; their types do not change the alignment.</summary>
    private static void AppendPadding(StringBuilder sb, string pad, ulong pos, ulong bits)
    {
        while (bits > 0)
        {
            (string type, ulong width) = (pos % 64 == 0 && bits >= 64) ? ("long", 64UL)
                : (pos % 32 == 0 && bits >= 32) ? ("int", 32UL)
                : (pos % 16 == 0 && bits >= 16) ? ("short", 16UL)
                : ("char", Math.Min(bits, 8 - pos % 8));
            sb.Append(pad).Append(type).Append(": ").Append(width).Append(";\n");
            pos += width;
            bits -= width;
        }
    }

    private static ulong AlignUp(ulong v, ulong a) => a <= 1 ? v : (v + a - 1) / a * a;

    // ---- layout, as a C compiler lays out what this dumper writes ----

    private (uint Size, uint Align, bool Packed) Layout(uint id)
    {
        if (id == 0)
            return (0, 1, false);
        if (_layouts.TryGetValue(id, out var known))
            return known;
        var t = T(id);
        (uint Size, uint Align, bool Packed) result = t.Kind switch
        {
            BtfKind.Int or BtfKind.Float or BtfKind.Enum or BtfKind.Enum64 => (t.SizeOrType, Math.Clamp(t.SizeOrType, 1, 16), false),
            BtfKind.Ptr => ((uint)_pointerSize, (uint)_pointerSize, false),
            BtfKind.Typedef or BtfKind.Const or BtfKind.Volatile or BtfKind.Restrict or BtfKind.TypeTag => Layout(t.SizeOrType),
            BtfKind.Array => (Layout(t.ArrayElem).Size * t.ArrayCount, Layout(t.ArrayElem).Align, false),
            BtfKind.Struct or BtfKind.Union => CompositeLayout(t),
            _ => (0, 1, false),
        };
        _layouts[id] = result;
        return result;
    }

    private (uint Size, uint Align, bool Packed) CompositeLayout(BtfType t)
    {
        uint align = 1;
        bool packed = false;
        for (int i = 0; i < t.Vlen; i++)
        {
            var (size, a, _) = Layout(t.MemberType(i));
            uint bits = t.MemberBitfieldSize(i);
            ulong offset = t.MemberBitOffset(i);
            // A named bit-field's type aligns the struct too, and one never straddles a unit of its type.
            if (bits == 0 || t.MemberName(i) != 0)
                align = Math.Max(align, a);
            packed |= bits == 0
                ? offset % (8 * a) != 0
                : size != 0 && offset / (8 * size) != (offset + bits - 1) / (8 * size);
        }
        packed |= t.SizeOrType % align != 0;
        return (t.SizeOrType, packed ? 1 : align, packed);
    }
}
