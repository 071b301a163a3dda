using DwarfAbi.Dwarf;

namespace DwarfAbi.Symvers;

/// <summary>Read access to the rendered DIEs of an object, once rendering is over.</summary>
internal interface IDieLookup
{
    /// <summary>
    /// Entries in creation order, which is the order the type map is filled in (the reference's
    /// order is that of pointer hashes; creation order makes ties between equally long rivals
    /// deterministic).
    /// </summary>
    IEnumerable<DieEntry> InCreationOrder { get; }

    bool TryGet(long key, DieState state, out DieEntry entry);
}

/// <summary>
/// The cache of rendered DIEs, keyed by DIE and state: one per object, or one per unit when
/// units are rendered apart (it then refuses DIEs of other units).
/// </summary>
/// <remarks>
/// A kernel's maps hold millions of entries and tens of millions of fragments, so both are kept
/// in arrays of plain values (<see cref="EntryData"/>, <see cref="DieFragment"/>) without object
/// references: the garbage collector neither copies nor traces them one by one.
/// </remarks>
internal sealed class DieMap(Unit? only = null) : IDieLookup
{
    /// <summary>One entry's state; texts are ids into the map's texts.</summary>
    internal struct EntryData
    {
        public long Key;
        public int UnitIndex;
        public int FragmentStart;
        public int FragmentCount;
        public int FqnId;
        public int FlatLength;
        public ushort Tag;
        public DieState State;
        public bool Mapped;
    }

    private Dictionary<long, int>? _slotIndex = [];
    private EntryData[] _entries = new EntryData[64];
    private int _entryCount;
    // The units of the entries' DIEs, so that an entry stores a small index instead of a reference.
    private readonly List<Unit> _units = [];
    private readonly Dictionary<Unit, int> _unitIndex = [];
    private Unit? _lastUnit;
    private int _lastUnitIndex;
    // Every entry's fragments, back to back; an entry holds its range.
    private DieFragment[] _fragments = new DieFragment[1024];
    private int _fragmentCount;
    // Fragments of the entries being rendered: children are rendered in between, so an entry's
    // fragments are only known to be complete when it is sealed. The last one is kept at hand.
    private readonly Dictionary<int, List<DieFragment>> _building = [];
    private readonly Stack<List<DieFragment>> _spareLists = new();
    private int _lastBuildingIndex = -1;
    private List<DieFragment>? _lastBuilding;
    // Texts by id. The renderer's texts come from the TextPool, one object per text, so an
    // identity lookup finds the id; a text that is not pooled merely gets an id of its own.
    private readonly List<string> _texts = [];
    private Dictionary<string, int>? _textIds = new(ReferenceEqualityComparer.Instance);
    // After Freeze: the slots in ascending order and their entries' indices; for each entry the
    // rendering that flattening reads for its DIE (see Resolved); each text's UTF-8 length.
    private long[] _slots = [];
    private int[] _slotEntries = [];
    private int[] _resolved = [];
    private int[] _textBytes = [];

    public Unit? Unit => only;

    public IEnumerable<DieEntry> InCreationOrder
    {
        get
        {
            for (int i = 0; i < _entryCount; i++)
                yield return new DieEntry(this, i);
        }
    }

    /// <summary>Ends rendering: the map becomes read-only and compact.</summary>
    public void Freeze()
    {
        if (_slotIndex is null)
            return;
        _resolved = new int[_entryCount];
        for (int i = 0; i < _entryCount; i++)
        {
            int complete = Find(_entries[i].Key, DieState.Complete);
            _resolved[i] = complete >= 0 ? complete : Find(_entries[i].Key, DieState.Unexpanded);
        }
        _textBytes = [.. _texts.Select(t => System.Text.Encoding.UTF8.GetByteCount(t))];
        _slots = [.. _slotIndex.Keys];
        _slotEntries = [.. _slotIndex.Values];
        System.Array.Sort(_slots, _slotEntries);
        _slotIndex = null;
        System.Array.Resize(ref _entries, _entryCount);
        System.Array.Resize(ref _fragments, _fragmentCount);
        _textIds = null;
        _building.Clear();
        _spareLists.Clear();
        _lastBuilding = null;
    }

    /// <summary>The finished entry for a DIE in a state, or a new unfinished one stored under that state.</summary>
    public DieEntry GetOrCreate(Die die, DieState state)
    {
        if (_slotIndex is null)
            throw new InvalidOperationException("the die map is frozen");
        if (only is not null && die.Unit != only)
            throw new CrossUnitReferenceException();
        long slot = Slot(die.Key, state);
        if (_slotIndex.TryGetValue(slot, out int index) && _entries[index].State == state)
            return new DieEntry(this, index);
        index = Create(die);
        _slotIndex[slot] = index;
        return new DieEntry(this, index);
    }

    public bool TryGet(long key, DieState state, out DieEntry entry)
    {
        int index = Find(key, state);
        entry = index >= 0 ? new DieEntry(this, index) : default;
        return index >= 0;
    }

    /// <summary>
    /// Once frozen: the entry whose text flattening uses for an entry's DIE, the complete
    /// rendering when there is one, else the unexpanded one; null when neither exists.
    /// </summary>
    internal DieEntry? Resolved(int index) => _resolved[index] >= 0 ? new DieEntry(this, _resolved[index]) : null;

    /// <summary>The index of the entry for a DIE in a state, or -1.</summary>
    private int Find(long key, DieState state)
    {
        long slot = Slot(key, state);
        int index;
        if (_slotIndex is not null)
        {
            if (!_slotIndex.TryGetValue(slot, out index))
                return -1;
        }
        else
        {
            int at = System.Array.BinarySearch(_slots, slot);
            if (at < 0)
                return -1;
            index = _slotEntries[at];
        }
        return _entries[index].State == state ? index : -1;
    }

    internal ref EntryData DataOf(int index) => ref _entries[index];

    internal Die DieOf(int index) => _units[_entries[index].UnitIndex].DieAt((uint)_entries[index].Key);

    internal string Text(int id) => _texts[id];

    /// <summary>The UTF-8 length of a text, once frozen.</summary>
    internal int TextBytes(int id) => _textBytes[id];

    internal ReadOnlySpan<DieFragment> Fragments(int start, int count) => _fragments.AsSpan(start, count);

    internal int TextId(string text)
    {
        if (_textIds is null)
            throw new InvalidOperationException("the die map is frozen");
        if (!_textIds.TryGetValue(text, out int id))
        {
            id = _texts.Count;
            if (id > DieFragment.MaxPayload)
                throw new InvalidOperationException("too many distinct texts in one die map");
            _texts.Add(text);
            _textIds.Add(text, id);
        }
        return id;
    }

    internal void Append(int index, DieFragment fragment)
    {
        if (index != _lastBuildingIndex)
        {
            if (!_building.TryGetValue(index, out _lastBuilding))
            {
                _lastBuilding = _spareLists.Count > 0 ? _spareLists.Pop() : [];
                _building.Add(index, _lastBuilding);
            }
            _lastBuildingIndex = index;
        }
        _lastBuilding!.Add(fragment);
    }

    /// <summary>Moves an entry's rendered fragments into the store, behind those of the entries sealed before.</summary>
    internal void Seal(int index, DieState state)
    {
        ref var data = ref _entries[index];
        data.State = state;
        if (!_building.Remove(index, out var fragments))
            return;
        if (index == _lastBuildingIndex)
        {
            _lastBuildingIndex = -1;
            _lastBuilding = null;
        }
        int start = _fragmentCount;
        int end = checked(start + fragments.Count);
        Reserve(ref _fragments, end);
        System.Runtime.InteropServices.CollectionsMarshal.AsSpan(fragments).CopyTo(_fragments.AsSpan(start));
        _fragmentCount = end;
        data.FragmentStart = start;
        data.FragmentCount = fragments.Count;
        fragments.Clear();
        _spareLists.Push(fragments);
    }

    private int Create(Die die)
    {
        int index = _entryCount;
        if (index > DieFragment.MaxPayload)
            throw new InvalidOperationException("too many entries in one die map");
        Reserve(ref _entries, index + 1);
        _entries[index] = new EntryData { Key = die.Key, UnitIndex = UnitIndex(die.Unit), FqnId = -1, FlatLength = -1 };
        _entryCount++;
        return index;
    }

    /// <summary>Grows an array, doubling it, until it holds at least <paramref name="count"/> items.</summary>
    private static void Reserve<T>(ref T[] array, int count)
    {
        if (count > array.Length)
            System.Array.Resize(ref array, (int)Math.Min(Math.Max((long)array.Length * 2, count), System.Array.MaxLength));
    }

    private int UnitIndex(Unit unit)
    {
        if (unit != _lastUnit)
        {
            if (!_unitIndex.TryGetValue(unit, out _lastUnitIndex))
            {
                _lastUnitIndex = _units.Count;
                _units.Add(unit);
                _unitIndex.Add(unit, _lastUnitIndex);
            }
            _lastUnit = unit;
        }
        return _lastUnitIndex;
    }

    // DIE keys use 42 bits, so the state fits below them.
    private static long Slot(long key, DieState state) => key << 2 | (long)state;
}

/// <summary>A unit's rendering reached a DIE of another unit: the units cannot be rendered apart.</summary>
internal sealed class CrossUnitReferenceException : Exception;

/// <summary>The per-unit maps of an object as one, in unit order.</summary>
internal sealed class UnitDieMaps : IDieLookup
{
    private readonly DieMap[] _maps;
    private readonly long[] _firstKeys;

    /// <param name="maps">One per unit, in the order of the units' keys.</param>
    public UnitDieMaps(DieMap[] maps)
    {
        _maps = maps;
        // The key of a unit's first possible DIE (see Die.Key; a main file's units only).
        _firstKeys = [.. maps.Select(m => (long)(uint)m.Unit!.Offset | (long)m.Unit.SectionId << 32)];
    }

    public IEnumerable<DieEntry> InCreationOrder => _maps.SelectMany(m => m.InCreationOrder);

    public bool TryGet(long key, DieState state, out DieEntry entry)
    {
        int at = System.Array.BinarySearch(_firstKeys, key);
        if (at < 0)
            at = ~at - 1;
        if (at >= 0)
            return _maps[at].TryGet(key, state, out entry);
        entry = default;
        return false;
    }
}
