using DwarfAbi.IO;

namespace DwarfAbi.Dwarf;

/// <summary>
/// A view of one debugging information entry: its unit, offset and abbreviation. Attributes are
/// decoded only when enumerated or looked up; nothing is allocated.
/// </summary>
public readonly struct Die : IEquatable<Die>
{
    private readonly Abbrev _abbrev;

    private Die(Unit unit, int offset, int attributesOffset, Abbrev abbrev)
    {
        Unit = unit;
        Offset = offset;
        AttributesOffset = attributesOffset;
        _abbrev = abbrev;
    }

    public Unit Unit { get; }
    /// <summary>Offset of the DIE in its section (.debug_info or .debug_types).</summary>
    public int Offset { get; }
    internal int AttributesOffset { get; }

    public ushort Tag => Abbrev.Tag;
    public bool HasChildren => Abbrev.HasChildren;
    /// <summary>The null entry that ends a list of siblings.</summary>
    public bool IsNull => Abbrev.IsNull;
    public Abbrev Abbrev => _abbrev ?? Abbrev.Null;

    /// <summary>A key unique across the sections and files a <see cref="DwarfData"/> reads.</summary>
    public long Key => (long)(uint)Offset | (long)Unit.SectionId << 32 | (Unit.Dwarf.IsSupplementary ? 1L << 62 : 0);

    /// <summary>Reads the entry at the reader's position and leaves the reader at its first attribute.</summary>
    internal static Die Read(Unit unit, ref SpanReader r)
    {
        int offset = r.Position;
        ulong code = r.Uleb();
        if (code == 0)
            return new Die(unit, offset, r.Position, Abbrev.Null);
        var abbrev = unit.Abbrevs.Find(code) ??
            throw new DwarfAbiException($"DIE at 0x{offset:x} uses abbreviation code {code}, which its unit does not define", offset);
        return new Die(unit, offset, r.Position, abbrev);
    }

    public AttributeEnumerator Attributes() => new(this);

    public bool TryGet(ushort name, out AttributeValue value)
    {
        var specs = Abbrev.Specs;
        int index = -1;
        for (int i = 0; i < specs.Length; i++)
        {
            if (specs[i].Name == name)
            {
                index = i;
                break;
            }
        }
        if (index < 0)
        {
            value = default;
            return false;
        }
        var r = Reader(AttributesOffset);
        for (int i = 0; i < index; i++)
            Unit.SkipValue(ref r, specs[i].Form);
        value = Unit.ReadValue(ref r, specs[index].Name, specs[index].Form, specs[index].ImplicitConst);
        return true;
    }

    public bool Has(ushort name)
    {
        foreach (var s in Abbrev.Specs)
        {
            if (s.Name == name)
                return true;
        }
        return false;
    }

    public string? String(ushort name) => TryGet(name, out var v) ? Unit.String(v) : null;

    public string? Name => String(DwAt.Name);

    public ReadOnlySpan<byte> NameBytes => TryGet(DwAt.Name, out var v) ? Unit.StringBytes(v) : default;

    public ulong? Constant(ushort name) => TryGet(name, out var v) && v.IsConstant ? v.Value : null;

    public bool Flag(ushort name) => TryGet(name, out var v) && v.Value != 0;

    /// <summary>The DIE that a reference attribute points to, if the attribute is present.</summary>
    public Die? Ref(ushort name) => TryGet(name, out var v) ? Unit.Target(v) : null;

    /// <summary>Offset just past the DIE's attributes: its first child, or its next sibling.</summary>
    public int AttributesEnd
    {
        get
        {
            if (IsNull)
                return AttributesOffset;
            if (Abbrev.FixedSize >= 0)
                return AttributesOffset + Abbrev.FixedSize;
            var r = Reader(AttributesOffset);
            foreach (var s in Abbrev.Specs)
                Unit.SkipValue(ref r, s.Form);
            return r.Position;
        }
    }

    public ChildEnumerator Children() => new(this);

    internal SpanReader Reader(int position) => new(Unit.Section[..Unit.End], Unit.Dwarf.BigEndian, position);

    public bool Equals(Die other) => Offset == other.Offset && ReferenceEquals(Unit, other.Unit);
    public override bool Equals(object? obj) => obj is Die d && Equals(d);
    public override int GetHashCode() => HashCode.Combine(Offset, Unit);
    public static bool operator ==(Die a, Die b) => a.Equals(b);
    public static bool operator !=(Die a, Die b) => !a.Equals(b);

    public override string ToString() => IsNull ? $"0x{Offset:x8}: NULL" : $"0x{Offset:x8}: {DwarfNames.Tag(Tag)}";
}

/// <summary>Decodes a DIE's attributes in order, one value at a time.</summary>
public ref struct AttributeEnumerator
{
    private readonly Die _die;
    private readonly ReadOnlySpan<AttributeSpec> _specs;
    private SpanReader _reader;
    private int _index;

    internal AttributeEnumerator(Die die)
    {
        _die = die;
        _specs = die.Abbrev.Specs;
        _reader = die.Reader(die.AttributesOffset);
        _index = -1;
        Current = default;
    }

    public AttributeValue Current { get; private set; }

    public readonly AttributeEnumerator GetEnumerator() => this;

    public bool MoveNext()
    {
        if (++_index >= _specs.Length)
            return false;
        var s = _specs[_index];
        Current = _die.Unit.ReadValue(ref _reader, s.Name, s.Form, s.ImplicitConst);
        return true;
    }
}

/// <summary>The children of a DIE, skipping grandchildren by DW_AT_sibling where it is given.</summary>
public struct ChildEnumerator
{
    private readonly Unit _unit;
    private int _next;
    private bool _done;

    internal ChildEnumerator(Die parent)
    {
        _unit = parent.Unit;
        _done = parent.IsNull || !parent.HasChildren;
        _next = _done ? 0 : parent.AttributesEnd;
        Current = default;
    }

    public Die Current { get; private set; }

    public readonly ChildEnumerator GetEnumerator() => this;

    public bool MoveNext()
    {
        if (_done || _next >= _unit.End)
            return false;
        var r = new SpanReader(_unit.Section[.._unit.End], _unit.Dwarf.BigEndian, _next);
        var die = Die.Read(_unit, ref r);
        if (die.IsNull)
        {
            _done = true;
            return false;
        }
        Current = die;
        _next = SubtreeEnd(die);
        return true;
    }

    /// <summary>Offset of the entry after a DIE and all its descendants.</summary>
    internal static int SubtreeEnd(Die die)
    {
        int end = die.AttributesEnd;
        if (!die.HasChildren)
            return end;
        if (die.Abbrev.SiblingIndex >= 0 && die.TryGet(DwAt.Sibling, out var sib)
            && sib.Class == ValueClass.Reference && sib.Form != DwForm.RefAddr
            && (long)sib.Value > end && (long)sib.Value <= die.Unit.End)
            return (int)sib.Value;
        var cursor = new DieCursor(die.Unit, end, 1);
        while (cursor.Depth > 0 && cursor.MoveNext())
        {
        }
        return cursor.Position;
    }
}

/// <summary>
/// Walks a unit's entries in order, null entries included, tracking depth: the cheapest way to
/// visit every DIE.
/// </summary>
public struct DieCursor
{
    private readonly Unit _unit;

    internal DieCursor(Unit unit, int position, int depth = 0)
    {
        _unit = unit;
        Position = position;
        Depth = depth;
        Current = default;
        CurrentDepth = 0;
    }

    /// <summary>Offset of the next entry to read.</summary>
    public int Position { get; private set; }
    /// <summary>Depth that the next entry will have.</summary>
    public int Depth { get; private set; }
    public Die Current { get; private set; }
    /// <summary>Depth of <see cref="Current"/>: 0 for the unit's root.</summary>
    public int CurrentDepth { get; private set; }

    public bool MoveNext()
    {
        if (Position >= _unit.End)
            return false;
        var r = new SpanReader(_unit.Section[.._unit.End], _unit.Dwarf.BigEndian, Position);
        var die = Die.Read(_unit, ref r);
        Current = die;
        CurrentDepth = Depth;
        if (die.IsNull)
        {
            Position = r.Position;
            Depth--;
            return true;
        }
        Position = die.AttributesEnd;
        if (die.HasChildren)
            Depth++;
        return true;
    }
}
