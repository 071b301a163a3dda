namespace DwarfAbi.Btf;

/// <summary>
/// Adds types to a <see cref="BtfData"/> one kind at a time, interning their strings, and checks
/// what a writer must (as libbpf's <c>btf__add_*</c> calls do). Each call returns the new type id.
/// </summary>
public sealed class BtfBuilder
{
    public BtfBuilder(BtfData btf) => Btf = btf;

    public BtfData Btf { get; }

    public readonly record struct Member(string? Name, uint Type, uint BitOffset, uint BitfieldSize);
    public readonly record struct Enumerator(string Name, long Value);
    public readonly record struct Param(string? Name, uint Type);
    public readonly record struct Secinfo(uint Type, uint Offset, uint Size);

    private uint Str(string? s) => string.IsNullOrEmpty(s) ? 0 : Btf.Strings.Add(s);

    private static string Required(string? name, string kind) =>
        string.IsNullOrEmpty(name) ? throw new DwarfAbiException($"BTF {kind} needs a name") : name;

    public uint AddInt(string name, uint byteSize, uint encoding)
    {
        if (byteSize is not (1 or 2 or 4 or 8 or 16))
            throw new DwarfAbiException($"INT '{name}' size={byteSize}: BTF integers are 1, 2, 4, 8 or 16 bytes");
        return Btf.Add(new BtfType(BtfKind.Int, Str(Required(name, "INT")), 0, false, byteSize, [encoding << 24 | byteSize * 8]));
    }

    public uint AddFloat(string name, uint byteSize)
    {
        if (byteSize is not (2 or 4 or 8 or 12 or 16))
            throw new DwarfAbiException($"FLOAT '{name}' size={byteSize}: BTF floats are 2, 4, 8, 12 or 16 bytes");
        return Btf.Add(new BtfType(BtfKind.Float, Str(Required(name, "FLOAT")), 0, false, byteSize, []));
    }

    /// <summary>PTR, CONST, VOLATILE, RESTRICT: anonymous references.</summary>
    public uint AddModifier(BtfKind kind, uint type) => Btf.Add(new BtfType(kind, 0, 0, false, type, []));

    public uint AddTypedef(string name, uint type) => Btf.Add(new BtfType(BtfKind.Typedef, Str(Required(name, "TYPEDEF")), 0, false, type, []));

    public uint AddTypeTag(string value, uint type) => Btf.Add(new BtfType(BtfKind.TypeTag, Str(Required(value, "TYPE_TAG")), 0, false, type, []));

    public uint AddFwd(string name, bool isUnion) => Btf.Add(new BtfType(BtfKind.Fwd, Str(Required(name, "FWD")), 0, isUnion, 0, []));

    public uint AddArray(uint elemType, uint indexType, uint count) => Btf.Add(new BtfType(BtfKind.Array, 0, 0, false, 0, [elemType, indexType, count]));

    public uint AddComposite(bool isUnion, string? name, uint size, IReadOnlyList<Member> members)
    {
        uint nameOff = Str(name);
        var data = new uint[members.Count * 3];
        bool kflag = false;
        for (int i = 0; i < members.Count; i++)
        {
            var m = members[i];
            bool bitfield = m.BitfieldSize != 0 || m.BitOffset % 8 != 0;
            if (bitfield && (m.BitfieldSize is 0 or > 255 || m.BitOffset > 0xffffff))
                throw new DwarfAbiException($"{(isUnion ? "UNION" : "STRUCT")} '{name}' member '{m.Name}': bitfield size {m.BitfieldSize} at bit {m.BitOffset} cannot be encoded");
            if (isUnion && m.BitOffset != 0)
                throw new DwarfAbiException($"UNION '{name}' member '{m.Name}' is at bit {m.BitOffset}; union members are at 0");
            kflag |= bitfield;
            data[3 * i] = Str(m.Name);
            data[3 * i + 1] = m.Type;
            data[3 * i + 2] = m.BitOffset | m.BitfieldSize << 24;
        }
        return Btf.Add(new BtfType(isUnion ? BtfKind.Union : BtfKind.Struct, nameOff, CheckVlen(members.Count), kflag, size, data));
    }

    /// <summary>ENUM with 32-bit values; the kind flag marks a negative value, as libbpf sets it.</summary>
    public uint AddEnum(string? name, uint size, IReadOnlyList<Enumerator> values)
    {
        CheckEnumSize(name, size);
        uint nameOff = Str(name);
        var data = new uint[values.Count * 2];
        bool signed = false;
        for (int i = 0; i < values.Count; i++)
        {
            var v = values[i];
            if (v.Value is < int.MinValue or > uint.MaxValue)
                throw new DwarfAbiException($"ENUM '{name}' value {v.Name}={v.Value} does not fit in 32 bits");
            signed |= v.Value < 0;
            data[2 * i] = Str(Required(v.Name, "enumerator"));
            data[2 * i + 1] = (uint)v.Value;
        }
        return Btf.Add(new BtfType(BtfKind.Enum, nameOff, CheckVlen(values.Count), signed, size, data));
    }

    public uint AddEnum64(string? name, uint size, bool signed, IReadOnlyList<Enumerator> values)
    {
        CheckEnumSize(name, size);
        uint nameOff = Str(name);
        var data = new uint[values.Count * 3];
        for (int i = 0; i < values.Count; i++)
        {
            data[3 * i] = Str(Required(values[i].Name, "enumerator"));
            data[3 * i + 1] = (uint)values[i].Value;
            data[3 * i + 2] = (uint)((ulong)values[i].Value >> 32);
        }
        return Btf.Add(new BtfType(BtfKind.Enum64, nameOff, CheckVlen(values.Count), signed, size, data));
    }

    public uint AddFuncProto(uint returnType, IReadOnlyList<Param> parameters) => Btf.Add(NewFuncProto(returnType, parameters));

    /// <summary>A FUNC_PROTO record whose strings are interned but which is not added yet.</summary>
    public BtfType NewFuncProto(uint returnType, IReadOnlyList<Param> parameters)
    {
        var data = new uint[parameters.Count * 2];
        for (int i = 0; i < parameters.Count; i++)
        {
            data[2 * i] = Str(parameters[i].Name);
            data[2 * i + 1] = parameters[i].Type;
        }
        return new BtfType(BtfKind.FuncProto, 0, CheckVlen(parameters.Count), false, returnType, data);
    }

    public uint AddFunc(string name, uint protoType, ushort linkage)
    {
        if (linkage > BtfConstants.LinkageExtern)
            throw new DwarfAbiException($"FUNC '{name}': linkage {linkage} is not static, global or extern");
        return Btf.Add(new BtfType(BtfKind.Func, Str(Required(name, "FUNC")), linkage, false, protoType, []));
    }

    public uint AddVar(string name, uint type, uint linkage) =>
        Btf.Add(new BtfType(BtfKind.Var, Str(Required(name, "VAR")), 0, false, type, [linkage]));

    public uint AddDatasec(string name, uint size, IReadOnlyList<Secinfo> entries)
    {
        var data = new uint[entries.Count * 3];
        for (int i = 0; i < entries.Count; i++)
        {
            data[3 * i] = entries[i].Type;
            data[3 * i + 1] = entries[i].Offset;
            data[3 * i + 2] = entries[i].Size;
        }
        return Btf.Add(new BtfType(BtfKind.Datasec, Str(Required(name, "DATASEC")), CheckVlen(entries.Count), false, size, data));
    }

    public uint AddDeclTag(string value, uint type, int componentIdx)
    {
        if (componentIdx < -1)
            throw new DwarfAbiException($"DECL_TAG '{value}': component index {componentIdx} is below -1");
        return Btf.Add(new BtfType(BtfKind.DeclTag, Str(Required(value, "DECL_TAG")), 0, false, type, [(uint)componentIdx]));
    }

    private static int CheckVlen(int count) =>
        count > BtfConstants.MaxVlen ? throw new DwarfAbiException($"BTF type has {count} entries; at most {BtfConstants.MaxVlen} fit") : count;

    private static void CheckEnumSize(string? name, uint size)
    {
        if (size is not (1 or 2 or 4 or 8))
            throw new DwarfAbiException($"ENUM '{name}' size={size}: BTF enums are 1, 2, 4 or 8 bytes");
    }
}
