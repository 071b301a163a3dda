using System.Collections;

namespace DwarfAbi.Btf;

/// <summary>
/// A BTF object: types numbered from <see cref="StartId"/> (1, or the base's type count for split
/// BTF), a string table, and the byte order it is written in. The records live in one word store
/// in file layout; <see cref="BtfType"/> values are views of it.
/// </summary>
public sealed class BtfData
{
    private uint[] _words = new uint[64];
    private int _wordCount;
    // Start word of each record, plus one entry past the last record.
    private int[] _starts = new int[16];
    private int _count;

    public BtfData(BtfData? baseBtf = null, bool bigEndian = false)
    {
        Base = baseBtf;
        BigEndian = baseBtf?.BigEndian ?? bigEndian;
        Strings = new StringTable(baseBtf?.Strings);
    }

    internal BtfData(BtfData? baseBtf, bool bigEndian, StringTable strings)
    {
        Base = baseBtf;
        BigEndian = bigEndian;
        Strings = strings;
    }

    /// <summary>An object that stores its records in the given arrays (of any content) until they are too small.</summary>
    internal BtfData(StringTable strings, uint[] words, int[] starts)
        : this(null, false, strings)
    {
        _words = words;
        _starts = starts.Length >= 2 ? starts : new int[16];
        _starts[0] = 0;
    }

    public BtfData? Base { get; }
    public bool BigEndian { get; set; }
    public TypeList Types => new(this);
    public StringTable Strings { get; }

    /// <summary>Id of the first type of this object (void, id 0, is never stored).</summary>
    public uint StartId => Base?.TypeCount ?? 1;

    /// <summary>Type ids in use, void included: the next id to be handed out.</summary>
    public uint TypeCount => StartId + (uint)_count;

    public bool IsSplit => Base is not null;

    /// <summary>Bytes of all records, as written.</summary>
    public int TypeBytes => _wordCount * 4;

    /// <summary>Makes room for this many more words and records, so that an object that knows its final size grows once.</summary>
    public void Reserve(long words, long records) => Grow(words, records, exact: true);

    /// <summary>Makes room for this many more words and records: to at least double the store, unless <paramref name="exact"/>.</summary>
    private void Grow(long words, long records, bool exact)
    {
        long needWords = _wordCount + words, needStarts = _count + records + 1;
        if (needWords > _words.Length)
            Array.Resize(ref _words, (int)Math.Min(Array.MaxLength, exact ? needWords : Math.Max(needWords, 2L * _words.Length)));
        if (needStarts > _starts.Length)
            Array.Resize(ref _starts, (int)Math.Min(Array.MaxLength, exact ? needStarts : Math.Max(needStarts, 2L * _starts.Length)));
    }

    /// <summary>Adds a record whose trailer the caller fills in through <paramref name="data"/> before the next addition.</summary>
    public uint Add(uint nameOff, uint info, uint sizeOrType, int dataWords, out Span<uint> data)
    {
        Grow(3 + dataWords, 1, exact: false);
        var record = _words.AsSpan(_wordCount, 3 + dataWords);
        record[0] = nameOff;
        record[1] = info;
        record[2] = sizeOrType;
        data = record[3..];
        _starts[_count] = _wordCount;
        _wordCount += 3 + dataWords;
        _starts[++_count] = _wordCount;
        return TypeCount - 1;
    }

    public uint Add(BtfKind kind, uint nameOff, int vlen, bool kflag, uint sizeOrType, ReadOnlySpan<uint> data)
    {
        uint id = Add(nameOff, BtfType.MakeInfo(kind, vlen, kflag), sizeOrType, data.Length, out var trailer);
        data.CopyTo(trailer);
        return id;
    }

    /// <summary>Appends copies of records [<paramref name="first"/>, <paramref name="end"/>) of another object at once; returns the index of the first copy.</summary>
    internal int AddRange(BtfData source, int first, int end)
    {
        int from = source._starts[first], length = source._starts[end] - from;
        Grow(length, end - first, exact: false);
        source._words.AsSpan(from, length).CopyTo(_words.AsSpan(_wordCount));
        int index = _count;
        for (int i = first; i < end; i++)
            _starts[_count++] = _wordCount + source._starts[i] - from;
        _wordCount += length;
        _starts[_count] = _wordCount;
        return index;
    }

    /// <summary>Removes the records <paramref name="remove"/> picks by id, closing the gaps; ids after them shift down.</summary>
    internal void RemoveWhere(Func<uint, bool> remove)
    {
        int kept = 0, word = 0;
        for (int i = 0; i < _count; i++)
        {
            if (remove(StartId + (uint)i))
                continue;
            int from = _starts[i], length = _starts[i + 1] - from;
            _words.AsSpan(from, length).CopyTo(_words.AsSpan(word));
            _starts[kept++] = word;
            word += length;
        }
        _count = kept;
        _wordCount = word;
        _starts[_count] = word;
    }

    internal Span<uint> RecordWords(int index) => _words.AsSpan(_starts[index], _starts[index + 1] - _starts[index]);

    /// <summary>The store itself, for passes that walk millions of records: its words and each record's first word.</summary>
    internal (uint[] Words, int[] Starts) Store => (_words, _starts);

    public bool Has(uint id) => id != 0 && id < TypeCount;

    /// <summary>The type with this id, from the base for ids below <see cref="StartId"/>.</summary>
    public BtfType Type(uint id)
    {
        if (id < StartId)
        {
            if (Base is null || id == 0)
                throw new DwarfAbiException($"BTF type id {id} is void or out of range");
            return Base.Type(id);
        }
        if (id >= TypeCount)
            throw new DwarfAbiException($"BTF type id {id} is out of range (last is {TypeCount - 1})");
        return new BtfType(this, (int)(id - StartId));
    }

    public string Name(uint nameOff) => Strings.Get(nameOff);

    /// <summary>This object's own records in id order.</summary>
    public readonly struct TypeList(BtfData btf) : IReadOnlyList<BtfType>
    {
        public int Count => btf._count;

        public BtfType this[int index] => (uint)index < (uint)btf._count
            ? new BtfType(btf, index)
            : throw new ArgumentOutOfRangeException(nameof(index));

        public int IndexOf(BtfType t)
        {
            for (int i = 0; i < Count; i++)
            {
                if (this[i] == t)
                    return i;
            }
            return -1;
        }

        public IEnumerator<BtfType> GetEnumerator()
        {
            for (int i = 0; i < Count; i++)
                yield return new BtfType(btf, i);
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
