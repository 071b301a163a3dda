namespace DwarfAbi.Btf.FromDwarf;

/// <summary>
/// Types a unit needs beyond its table entries (the byte arrays of pruned members, the variant
/// unions of data-carrying enums, the integers of 16-byte enums). Their ids are handed out while
/// the table is encoded and the records are written after it, so that table ids stay table
/// positions (pahole's 1:1 rule, btf-spec §2.1).
/// </summary>
internal sealed class DeferredTypes
{
    private readonly uint _first;
    private readonly List<Func<BtfBuilder, uint>> _pending = [];
    private readonly Dictionary<string, uint> _shared = new(StringComparer.Ordinal);

    public DeferredTypes(uint first) => _first = first;

    public uint Add(Func<BtfBuilder, uint> add)
    {
        _pending.Add(add);
        return _first + (uint)_pending.Count - 1;
    }

    /// <summary>One type for all users of the same key, such as <c>u8</c>.</summary>
    public uint Shared(string key, Func<BtfBuilder, uint> add)
    {
        if (!_shared.TryGetValue(key, out uint id))
            _shared[key] = id = Add(add);
        return id;
    }

    public void Emit(BtfBuilder builder)
    {
        for (int i = 0; i < _pending.Count; i++)
        {
            if (_pending[i](builder) != _first + (uint)i)
                throw new InvalidOperationException("deferred BTF type written out of order");
        }
    }
}
