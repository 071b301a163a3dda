namespace DwarfAbi.Btf;

/// <summary>
/// Type deduplication as libbpf's <c>btf__dedup</c> does it: primitive types by value, structs and
/// unions by a lock-step walk of both type graphs (FWDs resolving to structs on the way), then
/// unambiguous FWDs by name, then reference types once what they point to is canonical; finally
/// only canonical types are kept, in their original order. VAR and DATASEC are never merged. In
/// split BTF, base types are canonical and split types equal to them disappear.
/// </summary>
public sealed class Dedup
{
    private const uint Unprocessed = uint.MaxValue;
    private const uint InProgress = uint.MaxValue - 1;

    private readonly BtfData _btf;
    private readonly uint _start;
    private readonly uint[] _map;
    private readonly uint[] _hypot;
    private readonly List<uint> _hypotList = [];
    private bool _hypotAdjustCanon;
    private readonly Dictionary<ulong, int> _table = [];
    private readonly List<(uint Id, int Next)> _chain = [];

    private Dedup(BtfData btf)
    {
        _btf = btf;
        _start = btf.StartId;
        _map = new uint[btf.TypeCount];
        _hypot = new uint[btf.TypeCount];
        Array.Fill(_hypot, Unprocessed);
        for (uint id = 1; id < btf.TypeCount; id++)
            _map[id] = id < _start || T(id).Kind is BtfKind.Var or BtfKind.Datasec ? id : Unprocessed;
    }

    /// <summary>Deduplicates <paramref name="btf"/>, whose records are rewritten, into a new object sharing its strings.</summary>
    public static BtfData Run(BtfData btf)
    {
        BtfData? result = null;
        Exception? failure = null;
        // The equivalence walk recurses along type graphs, which in a kernel can be thousands deep.
        var thread = new Thread(() =>
        {
            try
            {
                result = new Dedup(btf).Execute();
            }
            catch (Exception e)
            {
                failure = e;
            }
        }, 256 * 1024 * 1024);
        thread.Start();
        thread.Join();
        if (failure is not null)
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failure).Throw();
        return result!;
    }

    private BtfType T(uint id) => _btf.Type(id);

    private BtfData Execute()
    {
        for (uint id = 1; id < _start; id++)
        {
            var t = T(id);
            if (t.Kind is not (BtfKind.Var or BtfKind.Datasec))
                TableAdd(Hash(t), id);
        }
        for (uint id = _start; id < _btf.TypeCount; id++)
            DedupPrimitive(id);
        for (uint id = _start; id < _btf.TypeCount; id++)
            DedupStruct(id);
        ResolveFwds();
        for (uint id = _start; id < _btf.TypeCount; id++)
            DedupReference(id);
        return Compact();
    }

    // ---- candidate table: equal hashes chained, newest first (as libbpf's hashmap iterates) ----

    private void TableAdd(ulong hash, uint id)
    {
        int head = _table.TryGetValue(hash, out int h) ? h : -1;
        _chain.Add((id, head));
        _table[hash] = _chain.Count - 1;
    }

    private IEnumerable<uint> Candidates(ulong hash)
    {
        if (!_table.TryGetValue(hash, out int at))
            yield break;
        for (; at >= 0; at = _chain[at].Next)
            yield return _chain[at].Id;
    }

    private static ulong Mix(ulong h, ulong v) => (h ^ v) * 0x100000001b3UL + (h >> 29);

    private static ulong HashCommon(BtfType t) => Mix(Mix(Mix(0xcbf29ce484222325UL, t.NameOff), t.Info), t.SizeOrType);

    private static ulong Hash(BtfType t)
    {
        switch (t.Kind)
        {
            case BtfKind.Int or BtfKind.DeclTag:
                return Mix(HashCommon(t), t.Data[0]);
            case BtfKind.Enum or BtfKind.Enum64:
                // Leaves out vlen and values so that an enum forward declaration meets its full enum.
                return Mix(Mix(Mix(0xcbf29ce484222325UL, t.NameOff), t.Info & ~0xffffu), t.SizeOrType);
            case BtfKind.Struct or BtfKind.Union:
                {
                    ulong h = HashCommon(t);
                    for (int i = 0; i < t.Vlen; i++)
                        h = Mix(Mix(h, t.MemberName(i)), t.MemberOffsetWord(i));
                    return h;
                }
            case BtfKind.Array:
                return Mix(Mix(Mix(HashCommon(t), t.Data[0]), t.Data[1]), t.Data[2]);
            case BtfKind.FuncProto:
                {
                    ulong h = HashCommon(t);
                    for (int i = 0; i < t.Vlen; i++)
                        h = Mix(Mix(h, t.ParamName(i)), t.ParamType(i));
                    return h;
                }
            default:
                return HashCommon(t);
        }
    }

    // ---- equality predicates ----

    private static bool EqualCommon(BtfType a, BtfType b) => a.NameOff == b.NameOff && a.Info == b.Info && a.SizeOrType == b.SizeOrType;

    private static bool EqualIntOrTag(BtfType a, BtfType b) => EqualCommon(a, b) && a.Data[0] == b.Data[0];

    private static bool EqualData(BtfType a, BtfType b) => EqualCommon(a, b) && a.Data.SequenceEqual(b.Data);

    private static bool IsEnumFwd(BtfType t) => t.IsAnyEnum && t.Vlen == 0;

    private static bool CompatEnum(BtfType a, BtfType b)
    {
        if (!IsEnumFwd(a) && !IsEnumFwd(b))
            return EqualData(a, b);
        return a.NameOff == b.NameOff && (a.Info & ~0xffffu) == (b.Info & ~0xffffu) && a.SizeOrType == b.SizeOrType;
    }

    private static bool ShallowEqualStruct(BtfType a, BtfType b)
    {
        if (!EqualCommon(a, b))
            return false;
        for (int i = 0; i < a.Vlen; i++)
        {
            if (a.MemberName(i) != b.MemberName(i) || a.MemberOffsetWord(i) != b.MemberOffsetWord(i))
                return false;
        }
        return true;
    }

    private static bool CompatArray(BtfType a, BtfType b) => EqualCommon(a, b) && a.ArrayCount == b.ArrayCount;

    private static bool CompatFnProto(BtfType a, BtfType b)
    {
        if (a.NameOff != b.NameOff || a.Info != b.Info)
            return false;
        for (int i = 0; i < a.Vlen; i++)
        {
            if (a.ParamName(i) != b.ParamName(i))
                return false;
        }
        return true;
    }

    // ---- mapping helpers ----

    // Before dedup a kernel holds more than the kernel's 2^20 type ids, so a type id is anything below the markers.
    private static bool IsTypeId(uint value) => value < InProgress;

    private bool IsMapped(uint id) => IsTypeId(_map[id]);

    private uint Resolve(uint id)
    {
        while (IsMapped(id) && _map[id] != id)
            id = _map[id];
        return id;
    }

    private uint ResolveFwd(uint id)
    {
        if (id == 0 || T(id).Kind != BtfKind.Fwd)
            return id;
        uint r = Resolve(id);
        return r != 0 && T(r).Kind != BtfKind.Fwd ? r : id;
    }

    private BtfKind KindOf(uint id) => id == 0 ? BtfKind.Unknown : T(id).Kind;

    // ---- pass 1: primitives ----

    private void DedupPrimitive(uint id)
    {
        var t = T(id);
        if (t.Kind is not (BtfKind.Int or BtfKind.Enum or BtfKind.Enum64 or BtfKind.Fwd or BtfKind.Float))
            return;
        ulong h = Hash(t);
        uint newId = id;
        foreach (uint c in Candidates(h))
        {
            var cand = T(c);
            if (t.IsAnyEnum)
            {
                if (EqualData(t, cand))
                {
                    newId = c;
                    break;
                }
                if (CompatEnum(t, cand))
                {
                    if (IsEnumFwd(t))
                    {
                        newId = c;
                        break;
                    }
                    // A canonical enum forward declaration resolves to this full enum.
                    _map[c] = id;
                }
            }
            else if (t.Kind == BtfKind.Int ? EqualIntOrTag(t, cand) : EqualCommon(t, cand))
            {
                newId = c;
                break;
            }
        }
        _map[id] = newId;
        if (newId == id)
            TableAdd(h, id);
    }

    // ---- pass 2: structs and unions ----

    private void DedupStruct(uint id)
    {
        if (IsMapped(id))
            return;
        var t = T(id);
        if (!t.IsStructOrUnion)
            return;
        ulong h = Hash(t);
        uint newId = id;
        foreach (uint c in Candidates(h))
        {
            // A FWD with a colliding hash must not become the candidate: FWD and struct are "equivalent" both ways.
            if (!ShallowEqualStruct(t, T(c)))
                continue;
            ClearHypot();
            if (!IsEquiv(id, c))
                continue;
            MergeHypot();
            if (_hypotAdjustCanon)
                continue;
            newId = c;
            break;
        }
        _map[id] = newId;
        if (newId == id)
            TableAdd(h, id);
    }

    private void ClearHypot()
    {
        foreach (uint id in _hypotList)
            _hypot[id] = Unprocessed;
        _hypotList.Clear();
        _hypotAdjustCanon = false;
    }

    private bool IdenticalArrays(uint a, uint b)
    {
        if (a == 0 || b == 0)
            return false;
        var x = T(a);
        var y = T(b);
        return x.Kind == BtfKind.Array && y.Kind == BtfKind.Array && EqualData(x, y);
    }

    private bool IdenticalStructs(uint a, uint b)
    {
        if (a == 0 || b == 0)
            return false;
        var x = T(a);
        var y = T(b);
        if (!x.IsStructOrUnion || x.Kind != y.Kind || !ShallowEqualStruct(x, y))
            return false;
        for (int i = 0; i < x.Vlen; i++)
        {
            // struct_group() repeats its members in a second anonymous struct, with their own
            // ARRAY and nested anonymous types (libbpf 1.1 compares those recursively too).
            uint a1 = x.MemberType(i), b1 = y.MemberType(i);
            if (a1 != b1 && !IdenticalArrays(a1, b1) && !IdenticalStructs(a1, b1))
                return false;
        }
        return true;
    }

    /// <summary>Whether the graph at <paramref name="candId"/> matches the one at canonical <paramref name="canonId"/>, filling the hypothetical map.</summary>
    private bool IsEquiv(uint candId, uint canonId)
    {
        _depth++;
        try
        {
            if (_depth > MaxEquivDepth)
                throw new DwarfAbiException($"BTF dedup: comparing type [{candId}] with [{canonId}] nests deeper than {MaxEquivDepth} levels");
            return IsEquivCore(candId, canonId);
        }
        finally
        {
            _depth--;
        }
    }

    private const int MaxEquivDepth = 100_000;
    private int _depth;

    private bool IsEquivCore(uint candId, uint canonId)
    {
        if (Resolve(candId) == Resolve(canonId))
            return true;
        canonId = ResolveFwd(canonId);
        uint hypot = _hypot[canonId];
        if (IsTypeId(hypot))
        {
            if (hypot == candId)
                return true;
            // Compilers sometimes emit identical array or struct types twice in one unit.
            return IdenticalArrays(hypot, candId) || IdenticalStructs(hypot, candId);
        }
        _hypot[canonId] = candId;
        _hypotList.Add(canonId);
        if (candId == 0 || canonId == 0)
            return false;
        var cand = T(candId);
        var canon = T(canonId);
        if (cand.NameOff != canon.NameOff)
            return false;
        if ((cand.Kind == BtfKind.Fwd || canon.Kind == BtfKind.Fwd) && cand.Kind != canon.Kind)
        {
            BtfKind real, fwd;
            if (cand.Kind == BtfKind.Fwd)
            {
                real = canon.Kind;
                fwd = cand.KFlag ? BtfKind.Union : BtfKind.Struct;
            }
            else
            {
                real = cand.Kind;
                fwd = canon.KFlag ? BtfKind.Union : BtfKind.Struct;
                if (fwd == real && canonId < _start)
                    _hypotAdjustCanon = true;
            }
            return fwd == real;
        }
        if (cand.Kind != canon.Kind)
            return false;
        switch (cand.Kind)
        {
            case BtfKind.Int:
                return EqualIntOrTag(cand, canon);
            case BtfKind.Enum or BtfKind.Enum64:
                return CompatEnum(cand, canon);
            case BtfKind.Fwd or BtfKind.Float:
                return EqualCommon(cand, canon);
            case BtfKind.Const or BtfKind.Volatile or BtfKind.Restrict or BtfKind.Ptr or BtfKind.Typedef or BtfKind.Func or BtfKind.TypeTag:
                return cand.Info == canon.Info && IsEquiv(cand.SizeOrType, canon.SizeOrType);
            case BtfKind.Array:
                return CompatArray(cand, canon) && IsEquiv(cand.ArrayIndex, canon.ArrayIndex) && IsEquiv(cand.ArrayElem, canon.ArrayElem);
            case BtfKind.Struct or BtfKind.Union:
                if (!ShallowEqualStruct(cand, canon))
                    return false;
                for (int i = 0; i < cand.Vlen; i++)
                {
                    if (!IsEquiv(cand.MemberType(i), canon.MemberType(i)))
                        return false;
                }
                return true;
            case BtfKind.FuncProto:
                if (!CompatFnProto(cand, canon) || !IsEquiv(cand.SizeOrType, canon.SizeOrType))
                    return false;
                for (int i = 0; i < cand.Vlen; i++)
                {
                    if (!IsEquiv(cand.ParamType(i), canon.ParamType(i)))
                        return false;
                }
                return true;
            default:
                throw new DwarfAbiException($"BTF dedup: type [{candId}] of kind {BtfKindNames.Name(cand.Kind)} cannot be compared");
        }
    }

    /// <summary>Makes the hypothetical map permanent where it is safe: FWDs resolve to structs, structs to canonical structs.</summary>
    private void MergeHypot()
    {
        foreach (uint canonId in _hypotList)
        {
            uint targId = _hypot[canonId];
            uint t = Resolve(targId);
            uint c = Resolve(canonId);
            var tk = KindOf(t);
            var ck = KindOf(c);
            if (tk != BtfKind.Fwd && ck == BtfKind.Fwd)
            {
                _map[c] = t;
                continue;
            }
            if (tk == BtfKind.Fwd && ck != BtfKind.Fwd)
            {
                _map[t] = c;
                continue;
            }
            if (tk is BtfKind.Struct or BtfKind.Union && ck != BtfKind.Fwd && IsMapped(c) && !IsMapped(t))
                _map[t] = c;
        }
    }

    // ---- pass 3: forward declarations with one possible struct ----

    private void ResolveFwds()
    {
        var unique = new Dictionary<uint, uint>();
        for (uint id = 1; id < _btf.TypeCount; id++)
        {
            var t = T(id);
            if (!t.IsStructOrUnion || _map[id] != id)
                continue;
            unique[t.NameOff] = unique.ContainsKey(t.NameOff) ? 0 : id;
        }
        for (uint id = _start; id < _btf.TypeCount; id++)
        {
            var t = T(id);
            if (t.Kind != BtfKind.Fwd || _map[id] != id)
                continue;
            if (!unique.TryGetValue(t.NameOff, out uint cand) || cand == 0)
                continue;
            if (T(cand).Kind == (t.KFlag ? BtfKind.Union : BtfKind.Struct))
                _map[id] = cand;
        }
    }

    // ---- pass 4: reference types ----

    private uint DedupReference(uint id)
    {
        if (_map[id] == InProgress)
            throw new DwarfAbiException($"BTF dedup: type [{id}] is part of a reference loop with no pointer");
        if (IsMapped(id))
            return Resolve(id);
        var t = T(id);
        _map[id] = InProgress;
        uint newId = id;
        switch (t.Kind)
        {
            case BtfKind.Const or BtfKind.Volatile or BtfKind.Restrict or BtfKind.Ptr or BtfKind.Typedef or BtfKind.Func or BtfKind.TypeTag:
                t.SizeOrType = DedupReference(t.SizeOrType);
                newId = FindEqual(t, id, EqualCommon);
                break;
            case BtfKind.DeclTag:
                t.SizeOrType = DedupReference(t.SizeOrType);
                newId = FindEqual(t, id, EqualIntOrTag);
                break;
            case BtfKind.Array:
                t.Data[0] = DedupReference(t.Data[0]);
                t.Data[1] = DedupReference(t.Data[1]);
                newId = FindEqual(t, id, EqualData);
                break;
            case BtfKind.FuncProto:
                t.SizeOrType = DedupReference(t.SizeOrType);
                for (int i = 0; i < t.Vlen; i++)
                    t.Data[2 * i + 1] = DedupReference(t.Data[2 * i + 1]);
                newId = FindEqual(t, id, EqualData);
                break;
            default:
                throw new DwarfAbiException($"BTF dedup: type [{id}] of kind {BtfKindNames.Name(t.Kind)} was not handled by an earlier pass");
        }
        _map[id] = newId;
        return newId;
    }

    private uint FindEqual(BtfType t, uint id, Func<BtfType, BtfType, bool> equal)
    {
        ulong h = Hash(t);
        foreach (uint c in Candidates(h))
        {
            if (equal(t, T(c)))
                return c;
        }
        TableAdd(h, id);
        return id;
    }

    // ---- compaction ----

    private BtfData Compact()
    {
        var result = new BtfData(_btf.Base, _btf.BigEndian, _btf.Strings);
        var newIds = _hypot;
        Array.Fill(newIds, Unprocessed);
        newIds[0] = 0;
        for (uint id = 1; id < _start; id++)
            newIds[id] = id;
        for (uint id = _start; id < _btf.TypeCount; id++)
        {
            if (_map[id] == id)
                newIds[id] = result.Add(T(id));
        }
        foreach (var t in result.Types)
        {
            BtfRefs.RemapTypes(t, old =>
            {
                uint n = newIds[Resolve(old)];
                return IsTypeId(n) ? n : throw new DwarfAbiException($"BTF dedup: type {old} has no canonical type");
            });
        }
        return result;
    }
}
