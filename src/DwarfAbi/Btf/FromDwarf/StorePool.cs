using System.Collections.Concurrent;

namespace DwarfAbi.Btf.FromDwarf;

/// <summary>
/// Record stores of encoded units, handed back once a unit is merged and reused by the next: a
/// kernel's thousands of units would otherwise each grow fresh arrays, most of them on the large
/// object heap, which is collected rarely.
/// </summary>
internal sealed class StorePool
{
    private readonly ConcurrentBag<(uint[] Words, int[] Starts)> _free = [];

    /// <summary>A new, empty BTF object for one unit, on a store that earlier units used.</summary>
    public BtfData Rent(StringTable strings) =>
        _free.TryTake(out var store) ? new BtfData(strings, store.Words, store.Starts) : new BtfData(null, false, strings);

    /// <summary>Takes back the store of an object that will not be read again.</summary>
    public void Return(BtfData btf) => _free.Add(btf.Store);
}
