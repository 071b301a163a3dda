using DwarfAbi.IO;

namespace DwarfAbi.Dwarf;

/// <summary>
/// The lowest-level walk over a unit's entries: one reader over the unit's bytes, each entry's
/// abbreviation and then its attributes decoded in one pass. For loops that visit every DIE
/// (statistics, indexing); <see cref="DieCursor"/> and <see cref="Die"/> are the convenient views.
/// </summary>
public ref struct EntriesRaw
{
    private readonly Unit _unit;
    private readonly AbbrevTable _abbrevs;
    private SpanReader _reader;

    public EntriesRaw(Unit unit)
    {
        _unit = unit;
        _abbrevs = unit.Abbrevs;
        _reader = new SpanReader(unit.Section[..unit.End], unit.Dwarf.BigEndian, unit.FirstDieOffset);
    }

    public readonly bool AtEnd => _reader.AtEnd;

    /// <summary>Offset of the next entry, or of the next attribute after <see cref="ReadAbbrev"/>.</summary>
    public readonly int Position => _reader.Position;

    /// <summary>Reads the next entry's code: its abbreviation, or a null one for the end of a sibling list.</summary>
    public Abbrev ReadAbbrev()
    {
        int offset = _reader.Position;
        ulong code = _reader.Uleb();
        if (code == 0)
            return Abbrev.Null;
        return _abbrevs.Find(code)
            ?? throw new DwarfAbiException($"DIE at 0x{offset:x} uses abbreviation code {code}, which its unit does not define", offset);
    }

    public readonly ReadOnlySpan<AttributeSpec> Specs(Abbrev abbrev) => abbrev.Specs;

    public AttributeValue ReadAttribute(AttributeSpec spec) => _unit.ReadValue(ref _reader, spec.Name, spec.Form, spec.ImplicitConst);
}
