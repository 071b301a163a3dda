using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
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
    private readonly ReadOnlySpan<byte> _str;
    private readonly ReadOnlySpan<byte> _lineStr;
    private SpanReader _reader;

    public EntriesRaw(Unit unit)
    {
        _unit = unit;
        _abbrevs = unit.Abbrevs;
        _str = unit.Dwarf.Str.Span;
        _lineStr = unit.Dwarf.LineStr.Span;
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
        return _abbrevs.Find(code) ?? throw UndefinedCode(offset, code);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static DwarfAbiException UndefinedCode(int offset, ulong code) =>
        new($"DIE at 0x{offset:x} uses abbreviation code {code}, which its unit does not define", offset);

    public readonly ReadOnlySpan<AttributeSpec> Specs(Abbrev abbrev) => abbrev.Specs;

    public AttributeValue ReadAttribute(AttributeSpec spec) => _unit.ReadValue(ref _reader, spec.Name, spec.Form, spec.ImplicitConst);

    /// <summary>
    /// Decodes all the attribute values of the entry whose abbreviation <see cref="ReadAbbrev"/>
    /// returned, in order, into a sink: strings found (their ends too), references made
    /// absolute.
    /// </summary>
    public void ReadValues<TSink>(Abbrev abbrev, ref TSink sink)
        where TSink : struct, IValueSink
    {
        _reader.Position = Swapped
            ? Decode<TSink, ReversedOrder>(abbrev, _reader.Position, ref sink)
            : Decode<TSink, NativeOrder>(abbrev, _reader.Position, ref sink);
    }

    /// <summary>
    /// Reads all the remaining entries of the unit, null entries included, into a sink: each
    /// entry's abbreviation, then its values as <see cref="ReadValues{TSink}"/> decodes them.
    /// One loop for the whole unit, for walks that visit every value.
    /// </summary>
    public void ReadAll<TSink>(ref TSink sink)
        where TSink : struct, IEntrySink
    {
        if (Swapped)
            ReadAll<TSink, ReversedOrder>(ref sink);
        else
            ReadAll<TSink, NativeOrder>(ref sink);
    }

    /// <summary>Whether the unit's byte order is not the machine's.</summary>
    private readonly bool Swapped => _reader.BigEndian == BitConverter.IsLittleEndian;

    // One copy of the loop per byte order, so that the fixed-size reads carry no test of it.
    private void ReadAll<TSink, TOrder>(ref TSink sink)
        where TSink : struct, IEntrySink
        where TOrder : struct, IByteOrder
    {
        var data = _reader.Data;
        int p = _reader.Position;
        while ((uint)p < (uint)data.Length)
        {
            int offset = p;
            ulong code = data[p];
            if (code < 0x80)
            {
                p++;
            }
            else
            {
                var r = new SpanReader(data, false, p);
                code = r.Uleb();
                p = r.Position;
            }
            if (code == 0)
            {
                sink.Entry(offset, Abbrev.Null);
                continue;
            }
            var abbrev = _abbrevs.Find(code) ?? throw UndefinedCode(offset, code);
            sink.Entry(offset, abbrev);
            p = Decode<TSink, TOrder>(abbrev, p, ref sink);
        }
        _reader.Position = p;
    }

    /// <summary>
    /// Runs an abbreviation's <see cref="DecodeStep"/>s over the values at a position and
    /// returns the position after them. A run of fixed-size values costs one bounds check.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private readonly int Decode<TSink, TOrder>(Abbrev abbrev, int p, ref TSink sink)
        where TSink : struct, IValueSink
        where TOrder : struct, IByteOrder
    {
        var data = _reader.Data;
        ref byte start = ref MemoryMarshal.GetReference(data);
        // Walked by reference rather than by index: the loop keeps fewer values live.
        var steps = abbrev.Steps;
        ref DecodeStep step = ref MemoryMarshal.GetReference(steps);
        ref DecodeStep end = ref Unsafe.Add(ref step, steps.Length);
        for (; Unsafe.IsAddressLessThan(ref step, ref end); step = ref Unsafe.Add(ref step, 1))
        {
            switch (step.Op)
            {
                // After this check the fixed-size steps up to the next variable one read unchecked.
                case DecodeOp.Ensure:
                    if ((ulong)(uint)p + (ulong)step.Operand > (ulong)(uint)data.Length)
                        throw Truncated(p, step.Operand, data.Length);
                    break;
                case DecodeOp.Constant1:
                    sink.Constant(Unsafe.Add(ref start, p));
                    p += 1;
                    break;
                case DecodeOp.Constant2:
                    sink.Constant(TOrder.U16(ref start, p));
                    p += 2;
                    break;
                case DecodeOp.Constant3:
                    sink.Constant(TOrder.U24(ref start, p));
                    p += 3;
                    break;
                case DecodeOp.Constant4:
                    sink.Constant(TOrder.U32(ref start, p));
                    p += 4;
                    break;
                case DecodeOp.Constant8:
                    sink.Constant(TOrder.U64(ref start, p));
                    p += 8;
                    break;
                case DecodeOp.UnitRef1:
                    sink.Reference((ulong)_unit.Offset + Unsafe.Add(ref start, p));
                    p += 1;
                    break;
                case DecodeOp.UnitRef2:
                    sink.Reference((ulong)_unit.Offset + TOrder.U16(ref start, p));
                    p += 2;
                    break;
                case DecodeOp.UnitRef4:
                    sink.Reference((ulong)_unit.Offset + TOrder.U32(ref start, p));
                    p += 4;
                    break;
                case DecodeOp.UnitRef8:
                    sink.Reference((ulong)_unit.Offset + TOrder.U64(ref start, p));
                    p += 8;
                    break;
                case DecodeOp.InfoRef4:
                    sink.Reference(TOrder.U32(ref start, p));
                    p += 4;
                    break;
                case DecodeOp.InfoRef8:
                    sink.Reference(TOrder.U64(ref start, p));
                    p += 8;
                    break;
                case DecodeOp.Strp4:
                    sink.String(_unit.Dwarf.StringAt(_str, TOrder.U32(ref start, p), ".debug_str"));
                    p += 4;
                    break;
                case DecodeOp.Strp8:
                    sink.String(_unit.Dwarf.StringAt(_str, TOrder.U64(ref start, p), ".debug_str"));
                    p += 8;
                    break;
                case DecodeOp.LineStrp4:
                    sink.String(_unit.Dwarf.StringAt(_lineStr, TOrder.U32(ref start, p), ".debug_line_str"));
                    p += 4;
                    break;
                case DecodeOp.LineStrp8:
                    sink.String(_unit.Dwarf.StringAt(_lineStr, TOrder.U64(ref start, p), ".debug_line_str"));
                    p += 8;
                    break;
                case DecodeOp.Strx1:
                    sink.String(IndexedString(Unsafe.Add(ref start, p)));
                    p += 1;
                    break;
                case DecodeOp.Strx2:
                    sink.String(IndexedString(TOrder.U16(ref start, p)));
                    p += 2;
                    break;
                case DecodeOp.Strx3:
                    sink.String(IndexedString(TOrder.U24(ref start, p)));
                    p += 3;
                    break;
                case DecodeOp.Strx4:
                    sink.String(IndexedString(TOrder.U32(ref start, p)));
                    p += 4;
                    break;
                case DecodeOp.Data16:
                    sink.Block(data.Slice(p, 16));
                    p += 16;
                    break;
                case DecodeOp.Present:
                    sink.Constant(1);
                    break;
                case DecodeOp.Implicit:
                    sink.Constant((ulong)abbrev.Specs[step.Operand].ImplicitConst);
                    break;
                default:
                    p = ReadVariable(step, abbrev, p, ref sink);
                    break;
            }
        }
        return p;
    }

    /// <summary>The steps whose values carry their own length, read with the checked reader.</summary>
    private readonly int ReadVariable<TSink>(DecodeStep step, Abbrev abbrev, int p, ref TSink sink)
        where TSink : struct, IValueSink
    {
        var r = new SpanReader(_reader.Data, _reader.BigEndian, p);
        switch (step.Op)
        {
            case DecodeOp.Udata:
                sink.Constant(r.Uleb());
                break;
            case DecodeOp.Sdata:
                sink.Constant((ulong)r.Sleb());
                break;
            case DecodeOp.UnitRefUdata:
                sink.Reference((ulong)_unit.Offset + r.Uleb());
                break;
            case DecodeOp.StrxUdata:
                sink.String(IndexedString(r.Uleb()));
                break;
            case DecodeOp.String:
                sink.String(r.CString());
                break;
            case DecodeOp.Block1:
                sink.Block(r.Bytes(r.U8()));
                break;
            case DecodeOp.Block2:
                sink.Block(r.Bytes(r.U16()));
                break;
            case DecodeOp.Block4:
                sink.Block(r.Bytes(r.U32()));
                break;
            case DecodeOp.BlockUdata:
                sink.Block(r.Bytes((long)Math.Min(r.Uleb(), long.MaxValue)));
                break;
            default:
                var spec = abbrev.Specs[step.Operand];
                General(_unit, _unit.ReadValue(ref r, spec.Name, spec.Form, 0), ref sink);
                break;
        }
        return r.Position;
    }

    /// <summary>A value of a form without a step of its own, passed on by its class.</summary>
    private static void General<TSink>(Unit unit, AttributeValue v, ref TSink sink)
        where TSink : struct, IValueSink
    {
        switch (v.Class)
        {
            case ValueClass.Reference:
                sink.Reference(v.Value);
                break;
            case ValueClass.StringOffset or ValueClass.StringIndex or ValueClass.LineStringOffset or ValueClass.InlineString:
                sink.String(unit.StringBytes(v));
                break;
            case ValueClass.Block:
                sink.Block(unit.Section.Slice(v.DataOffset, v.DataLength));
                break;
            default:
                sink.Constant(v.Value);
                break;
        }
    }

    private readonly ReadOnlySpan<byte> IndexedString(ulong index) => _unit.Dwarf.StringAt(_str, _unit.StrOffset(index), ".debug_str");

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static DwarfAbiException Truncated(int position, long need, int length) =>
        new($"unexpected end of data: need {need} bytes, {Math.Max(0, length - position)} left", position);
}
