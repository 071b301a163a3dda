namespace DwarfAbi.Btf;

/// <summary>
/// Adds types to a <see cref="BtfData"/> one kind at a time, interning their strings, and checks
/// what a writer must (as libbpf's <c>btf__add_*</c> calls do). Each call returns the new type id.
/// Names come as strings, or as string offsets already interned in the object's table
/// (<see cref="Str(ReadOnlySpan{byte})"/>), which is how the DWARF encoder adds them.
/// </summary>
public sealed class BtfBuilder
{
    public BtfBuilder(BtfData btf) => Btf = btf;

    public BtfData Btf { get; }

    public readonly record struct Member(string? Name, uint Type, uint BitOffset, uint BitfieldSize);
    public readonly record struct Enumerator(string Name, long Value);
    public readonly record struct Param(string? Name, uint Type);
    public readonly record struct Secinfo(uint Type, uint Offset, uint Size);

    /// <summary>A member whose name is a string offset of the object's table.</summary>
    public readonly record struct RawMember(uint NameOff, uint Type, uint BitOffset, uint BitfieldSize);
    /// <summary>An enumerator whose name is a string offset of the object's table.</summary>
    public readonly record struct RawEnumerator(uint NameOff, long Value);
    /// <summary>A parameter whose name is a string offset of the object's table.</summary>
    public readonly record struct RawParam(uint NameOff, uint Type);

    public uint Str(string? s) => string.IsNullOrEmpty(s) ? 0 : Btf.Strings.Add(s);

    public uint Str(ReadOnlySpan<byte> s) => s.IsEmpty ? 0 : Btf.Strings.Add(s);

    private string NameOf(uint nameOff) => nameOff == 0 ? "" : Btf.Name(nameOff);

    private uint Required(uint nameOff, string kind) =>
        nameOff == 0 ? throw new DwarfAbiException($"BTF {kind} needs a name") : nameOff;

    public uint AddInt(string name, uint byteSize, uint encoding) => AddInt(Str(name), byteSize, encoding);

    public uint AddInt(uint nameOff, uint byteSize, uint encoding)
    {
        if (byteSize is not (1 or 2 or 4 or 8 or 16))
            throw new DwarfAbiException($"INT '{NameOf(nameOff)}' size={byteSize}: BTF integers are 1, 2, 4, 8 or 16 bytes");
        return Btf.Add(BtfKind.Int, Required(nameOff, "INT"), 0, false, byteSize, [encoding << 24 | byteSize * 8]);
    }

    public uint AddFloat(string name, uint byteSize) => AddFloat(Str(name), byteSize);

    public uint AddFloat(uint nameOff, uint byteSize)
    {
        if (byteSize is not (2 or 4 or 8 or 12 or 16))
            throw new DwarfAbiException($"FLOAT '{NameOf(nameOff)}' size={byteSize}: BTF floats are 2, 4, 8, 12 or 16 bytes");
        return Btf.Add(BtfKind.Float, Required(nameOff, "FLOAT"), 0, false, byteSize, []);
    }

    /// <summary>PTR, CONST, VOLATILE, RESTRICT: anonymous references.</summary>
    public uint AddModifier(BtfKind kind, uint type) => Btf.Add(kind, 0, 0, false, type, []);

    public uint AddTypedef(string name, uint type) => AddTypedef(Str(name), type);

    public uint AddTypedef(uint nameOff, uint type) => Btf.Add(BtfKind.Typedef, Required(nameOff, "TYPEDEF"), 0, false, type, []);

    public uint AddTypeTag(string value, uint type) => Btf.Add(BtfKind.TypeTag, Required(Str(value), "TYPE_TAG"), 0, false, type, []);

    public uint AddFwd(string name, bool isUnion) => AddFwd(Str(name), isUnion);

    public uint AddFwd(uint nameOff, bool isUnion) => Btf.Add(BtfKind.Fwd, Required(nameOff, "FWD"), 0, isUnion, 0, []);

    public uint AddArray(uint elemType, uint indexType, uint count) => Btf.Add(BtfKind.Array, 0, 0, false, 0, [elemType, indexType, count]);

    public uint AddComposite(bool isUnion, string? name, uint size, IReadOnlyList<Member> members)
    {
        // The name goes into the string table before the member names, as libbpf adds them.
        uint nameOff = Str(name);
        var raw = new RawMember[members.Count];
        for (int i = 0; i < raw.Length; i++)
            raw[i] = new RawMember(Str(members[i].Name), members[i].Type, members[i].BitOffset, members[i].BitfieldSize);
        return AddComposite(isUnion, nameOff, size, raw);
    }

    public uint AddComposite(bool isUnion, uint nameOff, uint size, ReadOnlySpan<RawMember> members)
    {
        bool kflag = false;
        foreach (var m in members)
        {
            bool bitfield = m.BitfieldSize != 0 || m.BitOffset % 8 != 0;
            if (bitfield && (m.BitfieldSize is 0 or > 255 || m.BitOffset > 0xffffff))
                throw new DwarfAbiException($"{(isUnion ? "UNION" : "STRUCT")} '{NameOf(nameOff)}' member '{NameOf(m.NameOff)}': bitfield size {m.BitfieldSize} at bit {m.BitOffset} cannot be encoded");
            if (isUnion && m.BitOffset != 0)
                throw new DwarfAbiException($"UNION '{NameOf(nameOff)}' member '{NameOf(m.NameOff)}' is at bit {m.BitOffset}; union members are at 0");
            kflag |= bitfield;
        }
        var kind = isUnion ? BtfKind.Union : BtfKind.Struct;
        uint id = Btf.Add(nameOff, BtfType.MakeInfo(kind, CheckVlen(members.Length), kflag), size, members.Length * 3, out var data);
        for (int i = 0; i < members.Length; i++)
        {
            var m = members[i];
            data[3 * i] = m.NameOff;
            data[3 * i + 1] = m.Type;
            data[3 * i + 2] = m.BitOffset | m.BitfieldSize << 24;
        }
        return id;
    }

    /// <summary>ENUM with 32-bit values; the kind flag marks a negative value, as libbpf sets it.</summary>
    public uint AddEnum(string? name, uint size, IReadOnlyList<Enumerator> values) =>
        AddEnum(Str(name), size, [.. values.Select(v => new RawEnumerator(Required(Str(v.Name), "enumerator"), v.Value))]);

    public uint AddEnum(uint nameOff, uint size, ReadOnlySpan<RawEnumerator> values)
    {
        CheckEnumSize(nameOff, size);
        bool signed = false;
        foreach (var v in values)
        {
            if (v.Value is < int.MinValue or > uint.MaxValue)
                throw new DwarfAbiException($"ENUM '{NameOf(nameOff)}' value {NameOf(v.NameOff)}={v.Value} does not fit in 32 bits");
            signed |= v.Value < 0;
        }
        uint id = Btf.Add(nameOff, BtfType.MakeInfo(BtfKind.Enum, CheckVlen(values.Length), signed), size, values.Length * 2, out var data);
        for (int i = 0; i < values.Length; i++)
        {
            data[2 * i] = Required(values[i].NameOff, "enumerator");
            data[2 * i + 1] = (uint)values[i].Value;
        }
        return id;
    }

    public uint AddEnum64(string? name, uint size, bool signed, IReadOnlyList<Enumerator> values) =>
        AddEnum64(Str(name), size, signed, [.. values.Select(v => new RawEnumerator(Str(v.Name), v.Value))]);

    public uint AddEnum64(uint nameOff, uint size, bool signed, ReadOnlySpan<RawEnumerator> values)
    {
        CheckEnumSize(nameOff, size);
        uint id = Btf.Add(nameOff, BtfType.MakeInfo(BtfKind.Enum64, CheckVlen(values.Length), signed), size, values.Length * 3, out var data);
        for (int i = 0; i < values.Length; i++)
        {
            data[3 * i] = Required(values[i].NameOff, "enumerator");
            data[3 * i + 1] = (uint)values[i].Value;
            data[3 * i + 2] = (uint)((ulong)values[i].Value >> 32);
        }
        return id;
    }

    public uint AddFuncProto(uint returnType, IReadOnlyList<Param> parameters) =>
        AddPrototype(returnType, [.. parameters.Select(p => new RawParam(Str(p.Name), p.Type))]);

    /// <summary>FUNC_PROTO whose parameter names are already interned.</summary>
    public uint AddPrototype(uint returnType, ReadOnlySpan<RawParam> parameters)
    {
        uint id = Btf.Add(0, BtfType.MakeInfo(BtfKind.FuncProto, CheckVlen(parameters.Length), false), returnType, parameters.Length * 2, out var data);
        for (int i = 0; i < parameters.Length; i++)
        {
            data[2 * i] = parameters[i].NameOff;
            data[2 * i + 1] = parameters[i].Type;
        }
        return id;
    }

    public uint AddFunc(string name, uint protoType, ushort linkage)
    {
        if (linkage > BtfConstants.LinkageExtern)
            throw new DwarfAbiException($"FUNC '{name}': linkage {linkage} is not static, global or extern");
        return Btf.Add(BtfKind.Func, Required(Str(name), "FUNC"), linkage, false, protoType, []);
    }

    public uint AddVar(string name, uint type, uint linkage) =>
        Btf.Add(BtfKind.Var, Required(Str(name), "VAR"), 0, false, type, [linkage]);

    public uint AddDatasec(string name, uint size, IReadOnlyList<Secinfo> entries)
    {
        uint id = Btf.Add(Required(Str(name), "DATASEC"), BtfType.MakeInfo(BtfKind.Datasec, CheckVlen(entries.Count), false), size, entries.Count * 3, out var data);
        for (int i = 0; i < entries.Count; i++)
        {
            data[3 * i] = entries[i].Type;
            data[3 * i + 1] = entries[i].Offset;
            data[3 * i + 2] = entries[i].Size;
        }
        return id;
    }

    public uint AddDeclTag(string value, uint type, int componentIdx)
    {
        if (componentIdx < -1)
            throw new DwarfAbiException($"DECL_TAG '{value}': component index {componentIdx} is below -1");
        return Btf.Add(BtfKind.DeclTag, Required(Str(value), "DECL_TAG"), 0, false, type, [(uint)componentIdx]);
    }

    private static int CheckVlen(int count) =>
        count > BtfConstants.MaxVlen ? throw new DwarfAbiException($"BTF type has {count} entries; at most {BtfConstants.MaxVlen} fit") : count;

    private void CheckEnumSize(uint nameOff, uint size)
    {
        if (size is not (1 or 2 or 4 or 8))
            throw new DwarfAbiException($"ENUM '{NameOf(nameOff)}' size={size}: BTF enums are 1, 2, 4 or 8 bytes");
    }
}
