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
internal sealed class DieMap(Unit? only = null) : IDieLookup
{
    private Dictionary<long, DieEntry>? _entries = [];
    private List<DieEntry> _created = [];
    // Every entry's fragments, back to back; an entry holds its range.
    private DieFragment[] _fragments = new DieFragment[1024];
    private int _fragmentCount;
    // Fragment texts by id. The renderer's texts come from the TextPool, one object per text, so
    // an identity lookup finds the id; a text that is not pooled merely gets an id of its own.
    private readonly List<string> _texts = [];
    private Dictionary<string, int>? _textIds = new(ReferenceEqualityComparer.Instance);
    // After Freeze: the slots in ascending order and their entries, a third of the dictionary's size.
    private long[] _slots = [];
    private DieEntry[] _slotEntries = [];

    public Unit? Unit => only;

    public IEnumerable<DieEntry> InCreationOrder => _created;

    /// <summary>Ends rendering: the map becomes read-only and compact, as a kernel's maps hold millions of entries.</summary>
    public void Freeze()
    {
        if (_entries is null)
            return;
        _slots = [.. _entries.Keys];
        _slotEntries = [.. _entries.Values];
        System.Array.Sort(_slots, _slotEntries);
        _entries = null;
        _created = [.. _created];
        System.Array.Resize(ref _fragments, _fragmentCount);
        _textIds = null;
    }

    internal DieEntry Entry(int index) => _created[index];

    internal string Text(int id) => _texts[id];

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

    /// <summary>Appends an entry's finished fragments to the store and returns where they start.</summary>
    internal int Store(List<DieFragment> fragments)
    {
        int start = _fragmentCount;
        int end = checked(start + fragments.Count);
        if (end > _fragments.Length)
            System.Array.Resize(ref _fragments, (int)Math.Min(Math.Max((long)_fragments.Length * 2, end), System.Array.MaxLength));
        System.Runtime.InteropServices.CollectionsMarshal.AsSpan(fragments).CopyTo(_fragments.AsSpan(start));
        _fragmentCount = end;
        return start;
    }

    /// <summary>The finished entry for a DIE in a state, or a new unfinished one stored under that state.</summary>
    public DieEntry GetOrCreate(Die die, DieState state)
    {
        if (_entries is null)
            throw new InvalidOperationException("the die map is frozen");
        if (only is not null && die.Unit != only)
            throw new CrossUnitReferenceException();
        long slot = Slot(die.Key, state);
        if (_entries.TryGetValue(slot, out var entry) && entry.State == state)
            return entry;
        if (_created.Count > DieFragment.MaxPayload)
            throw new InvalidOperationException("too many entries in one die map");
        entry = new DieEntry(this, _created.Count, die);
        _entries[slot] = entry;
        _created.Add(entry);
        return entry;
    }

    public bool TryGet(long key, DieState state, out DieEntry entry)
    {
        long slot = Slot(key, state);
        if (_entries is not null)
            return _entries.TryGetValue(slot, out entry!) && entry.State == state;
        int at = System.Array.BinarySearch(_slots, slot);
        entry = at >= 0 ? _slotEntries[at] : null!;
        return at >= 0 && entry.State == state;
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
        entry = null!;
        return false;
    }
}
