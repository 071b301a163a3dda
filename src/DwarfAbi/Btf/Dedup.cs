using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using DwarfAbi.IO;

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
    private const ulong Seed = 0xcbf29ce484222325UL;

    private readonly BtfData _btf;
    private readonly uint _start;
    private readonly bool _checkIds;
    // Ids below this have been through passes 1 and 2.
    private uint _count;
    // Every record in file layout, base records first, and each type id's first word (_at[id + 1]
    // ends it). The passes read millions of records, so they index the words directly.
    private uint[] _w;
    private int[] _at;
    // Words of base records at the front of _w; split BTF copies its records after them.
    private readonly int _baseWords;
    private uint[] _map;
    private uint[] _hypot;
    private readonly List<uint> _hypotList = [];
    private bool _hypotAdjustCanon;
    // The split types pass 1 kept as FWDs and pass 2 as structs and unions, for pass 3 (later
    // passes may still map a FWD).
    private readonly List<uint> _canonicalFwds = [];
    private readonly List<uint> _canonicalStructs = [];
    // Candidates: equal hashes chained, newest first (as libbpf's hashmap iterates).
    private readonly Dictionary<ulong, int> _heads = [];
    private uint[] _chainId = new uint[1024];
    private int[] _chainNext = new int[1024];
    private int _chainCount;
    // Set when passes 1 and 2, run a part at a time, may have decided otherwise than over the whole.
    private bool _inexact;

    /// <summary>Whether <see cref="Finish"/> started over, the parts run by <see cref="Advance"/> being unusable.</summary>
    internal bool StartedOver => _inexact;

    /// <param name="checkIds">Whether to check every type id the records hold before trusting it (a merge of encoded units makes only valid ones).</param>
    private Dedup(BtfData btf, bool checkIds)
    {
        _btf = btf;
        _checkIds = checkIds;
        _start = btf.StartId;
        _count = _start;
        _map = new uint[_start];
        _hypot = new uint[_start];
        Array.Fill(_hypot, Unprocessed);
        _at = new int[_start + 1];
        _w = [];
        if (btf.Base is not null)
        {
            // Split BTF: the base's records are copied in front, so that every id reads from one array.
            int words = 0;
            for (uint id = 1; id < _start; id++)
                words += btf.Type(id).ByteSize / 4;
            _w = new uint[words + Math.Max(1024, btf.TypeBytes / 4)];
            for (uint id = 1; id < _start; id++)
            {
                var t = btf.Type(id);
                _at[id] = _baseWords;
                _w[_baseWords] = t.NameOff;
                _w[_baseWords + 1] = t.Info;
                _w[_baseWords + 2] = t.SizeOrType;
                t.Data.CopyTo(_w.AsSpan(_baseWords + 3));
                _baseWords += 3 + t.Data.Length;
            }
            _at[_start] = _baseWords;
        }
        for (uint id = 1; id < _start; id++)
        {
            _map[id] = id;
            if (Kind(id) is not (BtfKind.Var or BtfKind.Datasec))
                TableAdd(Hash(id), id);
        }
    }

    /// <summary>Deduplicates <paramref name="btf"/>, whose records are rewritten, into a new object sharing its strings.</summary>
    public static BtfData Run(BtfData btf) => Parallelism.OnLargeStack(() =>
    {
        var dedup = new Dedup(btf, checkIds: true);
        dedup.Advance();
        return dedup.Finish();
    });

    /// <summary>
    /// Deduplicates an object while it is still being filled: <see cref="Advance"/> after each
    /// addition of records, <see cref="Finish"/> once it is complete, each on a thread with
    /// <see cref="Parallelism.LargeStack"/>. The result is <see cref="Run"/>'s. The records' type
    /// ids are trusted, as the merge of encoded units makes them.
    /// </summary>
    internal static Dedup Begin(BtfData btf) => new(btf, checkIds: false);

    /// <summary>
    /// Takes the records added since the last call through passes 1 and 2. Their types refer only
    /// to themselves and to earlier types, as each unit's do, so the walks of pass 2 meet only
    /// types that pass 1 has seen, as when both passes run over the whole. Only pass 1's
    /// re-pointing of an earlier enum forward declaration can tell the two apart;
    /// <see cref="Finish"/> starts over when it may have.
    /// </summary>
    public void Advance()
    {
        uint from = _count, to = _btf.TypeCount;
        // Once inexact, Finish starts over: the work here would be thrown away.
        if (to == from || _inexact)
            return;
        Take(from, to);
        _count = to;
        for (uint id = from; id < to; id++)
            DedupPrimitive(id, from);
        for (uint id = from; id < to; id++)
            DedupStruct(id);
    }

    /// <summary>Gives up the parts run so far: records already taken will change before <see cref="Finish"/>, which starts over.</summary>
    internal void Abandon() => _inexact = true;

    /// <summary>Passes 3 and 4 and compaction, once every record is in.</summary>
    public BtfData Finish()
    {
        Advance();
        if (_inexact)
        {
            // This attempt's arrays go before the new one's come.
            (_w, _at, _map, _hypot) = ([], [], [], []);
            _heads.Clear();
            return Run(_btf);
        }
        ResolveFwds();
        for (uint id = _start; id < _count; id++)
            DedupReference(id);
        return Compact();
    }

    /// <summary>Makes the records of ids [from, to) readable here and gives them map entries.</summary>
    private void Take(uint from, uint to)
    {
        var (words, starts) = _btf.Store;
        int first = (int)(from - _start), end = (int)(to - _start);
        var check = new IdCheck(to);
        for (int i = first; _checkIds && i < end; i++)
            BtfRefs.RemapTypes(_btf.Types[i], ref check);
        if (_btf.Base is null)
        {
            _w = words;
        }
        else
        {
            int need = _baseWords + starts[end];
            if (need > _w.Length)
                Array.Resize(ref _w, Math.Max(need, 2 * _w.Length));
            words.AsSpan(starts[first], starts[end] - starts[first]).CopyTo(_w.AsSpan(_baseWords + starts[first]));
        }
        // The store's room for records foretells how many ids will come: grow to that at once.
        int room = (int)_start + starts.Length;
        Grow(ref _at, (int)to + 1, room);
        for (int i = first; i <= end; i++)
            _at[_start + i] = _baseWords + starts[i];
        int old = _map.Length;
        Grow(ref _map, (int)to, room);
        Grow(ref _hypot, (int)to, room);
        Array.Fill(_hypot, Unprocessed, old, _hypot.Length - old);
        for (uint id = from; id < to; id++)
            _map[id] = Kind(id) is BtfKind.Var or BtfKind.Datasec ? id : Unprocessed;
    }

    private static void Grow<T>(ref T[] array, int length, int room)
    {
        if (length > array.Length)
            Array.Resize(ref array, Math.Max(Math.Max(length, room), (int)Math.Min(Array.MaxLength, 2L * array.Length)));
    }

    private readonly struct IdCheck(uint count) : IRefMap
    {
        public uint Map(uint id) => id < count ? id : throw new DwarfAbiException($"BTF dedup: a type refers to type {id}, past the last type {count - 1}");
    }

    // ---- record fields by type id ----
    // Every id was checked against the type count in Layout, and _at holds record starts, so the
    // hot reads below skip the bounds checks.

    private ref uint W(int at) => ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_w), at);
    private int At(uint id) => Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_at), (nint)id);
    private uint NameOff(uint id) => W(At(id));
    private uint Info(uint id) => W(At(id) + 1);
    private BtfKind Kind(uint id) => (BtfKind)(W(At(id) + 1) >> 24 & 0x1f);
    private int Vlen(uint id) => (int)(W(At(id) + 1) & 0xffff);
    private bool KFlag(uint id) => (W(At(id) + 1) & 1u << 31) != 0;
    private ref uint SizeOrType(uint id) => ref W(At(id) + 2);
    private Span<uint> Data(uint id) => _w.AsSpan(_at[id] + 3, _at[id + 1] - _at[id] - 3);
    private bool IsStructOrUnion(uint id) => Kind(id) is BtfKind.Struct or BtfKind.Union;
    private bool IsAnyEnum(uint id) => Kind(id) is BtfKind.Enum or BtfKind.Enum64;

    // ---- candidate table ----

    private void TableAdd(ulong hash, uint id)
    {
        ref int head = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_heads, hash, out bool exists);
        if (_chainCount == _chainId.Length)
        {
            Array.Resize(ref _chainId, 2 * _chainCount);
            Array.Resize(ref _chainNext, 2 * _chainCount);
        }
        _chainId[_chainCount] = id;
        _chainNext[_chainCount] = exists ? head : -1;
        head = _chainCount++;
    }

    /// <summary>The newest entry with this hash, or -1; <c>_chainNext</c> leads to older ones.</summary>
    private int FirstCandidate(ulong hash) => _heads.TryGetValue(hash, out int at) ? at : -1;

    private static ulong Mix(ulong h, ulong v) => (h ^ v) * 0x100000001b3UL + (h >> 29);

    private ulong HashCommon(uint id)
    {
        int a = _at[id];
        return Mix(Mix(Mix(Seed, _w[a]), _w[a + 1]), _w[a + 2]);
    }

    private ulong Hash(uint id)
    {
        int a = _at[id];
        switch (Kind(id))
        {
            case BtfKind.Int or BtfKind.DeclTag:
                return Mix(HashCommon(id), _w[a + 3]);
            case BtfKind.Enum or BtfKind.Enum64:
                // Leaves out vlen and values so that an enum forward declaration meets its full enum.
                return Mix(Mix(Mix(Seed, _w[a]), _w[a + 1] & ~0xffffu), _w[a + 2]);
            case BtfKind.Struct or BtfKind.Union:
                {
                    ulong h = HashCommon(id);
                    for (int i = 0, n = Vlen(id); i < n; i++)
                        h = Mix(Mix(h, _w[a + 3 + 3 * i]), _w[a + 5 + 3 * i]);
                    return h;
                }
            case BtfKind.Array:
                return Mix(Mix(Mix(HashCommon(id), _w[a + 3]), _w[a + 4]), _w[a + 5]);
            case BtfKind.FuncProto:
                {
                    ulong h = HashCommon(id);
                    for (int i = 0, n = Vlen(id); i < n; i++)
                        h = Mix(Mix(h, _w[a + 3 + 2 * i]), _w[a + 4 + 2 * i]);
                    return h;
                }
            default:
                return HashCommon(id);
        }
    }

    // ---- equality predicates ----

    private bool EqualCommon(uint a, uint b)
    {
        int x = At(a), y = At(b);
        return W(x) == W(y) && W(x + 1) == W(y + 1) && W(x + 2) == W(y + 2);
    }

    private bool EqualIntOrTag(uint a, uint b) => EqualCommon(a, b) && _w[_at[a] + 3] == _w[_at[b] + 3];

    private bool EqualData(uint a, uint b) => EqualCommon(a, b) && Data(a).SequenceEqual(Data(b));

    private bool IsEnumFwd(uint id) => IsAnyEnum(id) && Vlen(id) == 0;

    private bool CompatEnum(uint a, uint b)
    {
        if (!IsEnumFwd(a) && !IsEnumFwd(b))
            return EqualData(a, b);
        return NameOff(a) == NameOff(b) && (Info(a) & ~0xffffu) == (Info(b) & ~0xffffu) && SizeOrType(a) == SizeOrType(b);
    }

    private bool ShallowEqualStruct(uint a, uint b)
    {
        if (!EqualCommon(a, b))
            return false;
        int x = At(a) + 3, y = At(b) + 3;
        for (int i = 0, n = Vlen(a); i < n; i++, x += 3, y += 3)
        {
            if (W(x) != W(y) || W(x + 2) != W(y + 2))
                return false;
        }
        return true;
    }

    private bool CompatArray(uint a, uint b) => EqualCommon(a, b) && _w[_at[a] + 5] == _w[_at[b] + 5];

    private bool CompatFnProto(uint a, uint b)
    {
        if (NameOff(a) != NameOff(b) || Info(a) != Info(b))
            return false;
        int x = _at[a] + 3, y = _at[b] + 3;
        for (int i = 0, n = Vlen(a); i < n; i++, x += 2, y += 2)
        {
            if (_w[x] != _w[y])
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
        ref uint map = ref MemoryMarshal.GetArrayDataReference(_map);
        for (uint next; IsTypeId(next = Unsafe.Add(ref map, (nint)id)) && next != id;)
            id = next;
        return id;
    }

    private uint ResolveFwd(uint id)
    {
        if (id == 0 || Kind(id) != BtfKind.Fwd)
            return id;
        uint r = Resolve(id);
        return r != 0 && Kind(r) != BtfKind.Fwd ? r : id;
    }

    private BtfKind KindOf(uint id) => id == 0 ? BtfKind.Unknown : Kind(id);

    // ---- pass 1: primitives ----

    /// <param name="walked">Ids below this have been through pass 2 already.</param>
    private void DedupPrimitive(uint id, uint walked)
    {
        var kind = Kind(id);
        if (kind is not (BtfKind.Int or BtfKind.Enum or BtfKind.Enum64 or BtfKind.Fwd or BtfKind.Float))
            return;
        ulong h = Hash(id);
        uint newId = id;
        bool repointedWalked = false;
        for (int at = FirstCandidate(h); at >= 0; at = _chainNext[at])
        {
            uint c = _chainId[at];
            if (kind is BtfKind.Enum or BtfKind.Enum64)
            {
                if (EqualData(id, c))
                {
                    newId = c;
                    break;
                }
                if (CompatEnum(id, c))
                {
                    if (IsEnumFwd(id))
                    {
                        newId = c;
                        break;
                    }
                    // A canonical enum forward declaration resolves to this full enum.
                    if (c < walked)
                    {
                        // Pass 2 resolved it to itself, or to an earlier full enum: the same
                        // answers as resolving it here, unless it was re-pointed before.
                        _inexact |= _map[c] != c;
                        repointedWalked = true;
                    }
                    _map[c] = id;
                }
            }
            else if (kind == BtfKind.Int ? EqualIntOrTag(id, c) : EqualCommon(id, c))
            {
                newId = c;
                break;
            }
        }
        _map[id] = newId;
        // ... or unless this enum itself maps to an earlier one, which the forward declaration now joins.
        _inexact |= repointedWalked && newId != id;
        if (newId == id)
        {
            TableAdd(h, id);
            if (kind == BtfKind.Fwd)
                _canonicalFwds.Add(id);
        }
    }

    // ---- pass 2: structs and unions ----

    private void DedupStruct(uint id)
    {
        if (IsMapped(id) || !IsStructOrUnion(id))
            return;
        ulong h = Hash(id);
        uint newId = id;
        for (int at = FirstCandidate(h); at >= 0; at = _chainNext[at])
        {
            uint c = _chainId[at];
            // A FWD with a colliding hash must not become the candidate: FWD and struct are "equivalent" both ways.
            if (!ShallowEqualStruct(id, c))
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
        {
            TableAdd(h, id);
            _canonicalStructs.Add(id);
        }
    }

    private void ClearHypot()
    {
        foreach (uint id in _hypotList)
            _hypot[id] = Unprocessed;
        _hypotList.Clear();
        _hypotAdjustCanon = false;
    }

    private bool IdenticalArrays(uint a, uint b) =>
        a != 0 && b != 0 && Kind(a) == BtfKind.Array && Kind(b) == BtfKind.Array && EqualData(a, b);

    private bool IdenticalStructs(uint a, uint b)
    {
        if (a == 0 || b == 0 || !IsStructOrUnion(a) || Kind(a) != Kind(b) || !ShallowEqualStruct(a, b))
            return false;
        for (int i = 0, n = Vlen(a); i < n; i++)
        {
            // struct_group() repeats its members in a second anonymous struct, with their own
            // ARRAY and nested anonymous types (libbpf 1.1 compares those recursively too).
            uint a1 = _w[_at[a] + 4 + 3 * i], b1 = _w[_at[b] + 4 + 3 * i];
            if (a1 != b1 && !IdenticalArrays(a1, b1) && !IdenticalStructs(a1, b1))
                return false;
        }
        return true;
    }

    /// <summary>Whether the graph at <paramref name="candId"/> matches the one at canonical <paramref name="canonId"/>, filling the hypothetical map.</summary>
    private bool IsEquiv(uint candId, uint canonId)
    {
        // No finally: a failure abandons the whole dedup, depth count included.
        if (++_depth > MaxEquivDepth)
            throw new DwarfAbiException($"BTF dedup: comparing type [{candId}] with [{canonId}] nests deeper than {MaxEquivDepth} levels");
        bool equivalent = IsEquivCore(candId, canonId);
        _depth--;
        return equivalent;
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
        if (NameOff(candId) != NameOff(canonId))
            return false;
        var candKind = Kind(candId);
        var canonKind = Kind(canonId);
        if ((candKind == BtfKind.Fwd || canonKind == BtfKind.Fwd) && candKind != canonKind)
        {
            BtfKind real, fwd;
            if (candKind == BtfKind.Fwd)
            {
                real = canonKind;
                fwd = KFlag(candId) ? BtfKind.Union : BtfKind.Struct;
            }
            else
            {
                real = candKind;
                fwd = KFlag(canonId) ? BtfKind.Union : BtfKind.Struct;
                if (fwd == real && canonId < _start)
                    _hypotAdjustCanon = true;
            }
            return fwd == real;
        }
        if (candKind != canonKind)
            return false;
        switch (candKind)
        {
            case BtfKind.Int:
                return EqualIntOrTag(candId, canonId);
            case BtfKind.Enum or BtfKind.Enum64:
                return CompatEnum(candId, canonId);
            case BtfKind.Fwd or BtfKind.Float:
                return EqualCommon(candId, canonId);
            case BtfKind.Const or BtfKind.Volatile or BtfKind.Restrict or BtfKind.Ptr or BtfKind.Typedef or BtfKind.Func or BtfKind.TypeTag:
                return Info(candId) == Info(canonId) && IsEquiv(SizeOrType(candId), SizeOrType(canonId));
            case BtfKind.Array:
                {
                    int x = At(candId), y = At(canonId);
                    return CompatArray(candId, canonId) && IsEquiv(W(x + 4), W(y + 4)) && IsEquiv(W(x + 3), W(y + 3));
                }
            case BtfKind.Struct or BtfKind.Union:
                {
                    if (!ShallowEqualStruct(candId, canonId))
                        return false;
                    int x = At(candId) + 4, y = At(canonId) + 4;
                    for (int i = 0, n = Vlen(candId); i < n; i++, x += 3, y += 3)
                    {
                        if (!IsEquiv(W(x), W(y)))
                            return false;
                    }
                    return true;
                }
            case BtfKind.FuncProto:
                {
                    if (!CompatFnProto(candId, canonId) || !IsEquiv(SizeOrType(candId), SizeOrType(canonId)))
                        return false;
                    int x = At(candId) + 4, y = At(canonId) + 4;
                    for (int i = 0, n = Vlen(candId); i < n; i++, x += 2, y += 2)
                    {
                        if (!IsEquiv(W(x), W(y)))
                            return false;
                    }
                    return true;
                }
            default:
                throw new DwarfAbiException($"BTF dedup: type [{candId}] of kind {BtfKindNames.Name(candKind)} cannot be compared");
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
        void Candidate(uint id)
        {
            if (!IsStructOrUnion(id) || _map[id] != id)
                return;
            uint name = NameOff(id);
            unique[name] = unique.ContainsKey(name) ? 0 : id;
        }
        for (uint id = 1; id < _start; id++)
            Candidate(id);
        foreach (uint id in _canonicalStructs)
            Candidate(id);
        foreach (uint id in _canonicalFwds)
        {
            if (_map[id] != id)
                continue;
            if (!unique.TryGetValue(NameOff(id), out uint cand) || cand == 0)
                continue;
            if (Kind(cand) == (KFlag(id) ? BtfKind.Union : BtfKind.Struct))
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
        var kind = Kind(id);
        _map[id] = InProgress;
        uint newId;
        switch (kind)
        {
            case BtfKind.Const or BtfKind.Volatile or BtfKind.Restrict or BtfKind.Ptr or BtfKind.Typedef or BtfKind.Func or BtfKind.TypeTag:
                SizeOrType(id) = DedupReference(SizeOrType(id));
                newId = FindEqual(id, Equality.Common);
                break;
            case BtfKind.DeclTag:
                SizeOrType(id) = DedupReference(SizeOrType(id));
                newId = FindEqual(id, Equality.IntOrTag);
                break;
            case BtfKind.Array:
                {
                    int a = _at[id];
                    _w[a + 3] = DedupReference(_w[a + 3]);
                    _w[a + 4] = DedupReference(_w[a + 4]);
                    newId = FindEqual(id, Equality.Data);
                    break;
                }
            case BtfKind.FuncProto:
                {
                    SizeOrType(id) = DedupReference(SizeOrType(id));
                    int a = _at[id] + 4;
                    for (int i = 0, n = Vlen(id); i < n; i++, a += 2)
                        _w[a] = DedupReference(_w[a]);
                    newId = FindEqual(id, Equality.Data);
                    break;
                }
            default:
                throw new DwarfAbiException($"BTF dedup: type [{id}] of kind {BtfKindNames.Name(kind)} was not handled by an earlier pass");
        }
        _map[id] = newId;
        return newId;
    }

    private enum Equality
    {
        Common,
        IntOrTag,
        Data,
    }

    private uint FindEqual(uint id, Equality equality)
    {
        ulong h = Hash(id);
        for (int at = FirstCandidate(h); at >= 0; at = _chainNext[at])
        {
            uint c = _chainId[at];
            bool equal = equality switch
            {
                Equality.Common => EqualCommon(id, c),
                Equality.IntOrTag => EqualIntOrTag(id, c),
                _ => EqualData(id, c),
            };
            if (equal)
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
        for (uint id = _start; id < _count; id++)
        {
            if (_map[id] != id)
                continue;
            var data = Data(id);
            newIds[id] = result.Add(NameOff(id), Info(id), SizeOrType(id), data.Length, out var copy);
            data.CopyTo(copy);
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
