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
        entry = new DieEntry(die);
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
