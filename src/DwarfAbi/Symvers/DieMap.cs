using DwarfAbi.Dwarf;

namespace DwarfAbi.Symvers;

/// <summary>
/// The per-object cache of rendered DIEs, keyed by DIE and state. Entries are also kept in
/// creation order, which is the order the type map is filled in (the reference's order is that
/// of pointer hashes; creation order makes ties between equally long rivals deterministic).
/// </summary>
internal sealed class DieMap
{
    private readonly Dictionary<long, DieEntry> _entries = [];
    private readonly List<DieEntry> _created = [];

    public IReadOnlyList<DieEntry> InCreationOrder => _created;

    /// <summary>The finished entry for a DIE in a state, or a new unfinished one stored under that state.</summary>
    public DieEntry GetOrCreate(Die die, DieState state)
    {
        long slot = Slot(die.Key, state);
        if (_entries.TryGetValue(slot, out var entry) && entry.State == state)
            return entry;
        entry = new DieEntry(die);
        _entries[slot] = entry;
        _created.Add(entry);
        return entry;
    }

    public bool TryGet(long key, DieState state, out DieEntry entry) =>
        _entries.TryGetValue(Slot(key, state), out entry!) && entry.State == state;

    // DIE keys use 42 bits, so the state fits below them.
    private static long Slot(long key, DieState state) => key << 2 | (long)state;
}
