using DwarfAbi.Dump;
using DwarfAbi.Dwarf;
using DwarfAbi.Elf;
using DwarfAbi.Tests.Support;

namespace DwarfAbi.Tests.Dwarf;

/// <summary>
/// The walk's precompiled decoders (<see cref="EntriesRaw.ReadAll{TSink}"/>) read the same values
/// as the general reader (<see cref="Die.Attributes"/>), in every fixture: both byte orders,
/// DWARF 2 to 5, 32- and 64-bit DWARF, type units, split and dwz objects.
/// </summary>
public class DecodeStepTests
{
    public static TheoryData<string> Objects()
    {
        var data = new TheoryData<string>();
        foreach (string path in Directory.EnumerateFiles(Repo.Fixtures, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            if (Path.GetExtension(path) is ".o" or ".dwo" or "")
                data.Add(Path.GetRelativePath(Repo.Fixtures, path));
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Objects))]
    public void WalkSumsWhatTheGeneralReaderReads(string fixture)
    {
        using var elf = ElfFile.Open(Path.Combine(Repo.Fixtures, fixture));
        var dwarf = DwarfData.FromElf(elf);
        if (!dwarf.HasDebugInfo)
            return;

        long dies = 0, nulls = 0, attributes = 0;
        ulong checksum = 0;
        foreach (var unit in dwarf.Units)
        {
            var cursor = unit.Cursor();
            while (cursor.MoveNext())
            {
                var die = cursor.Current;
                if (die.IsNull)
                {
                    nulls++;
                    continue;
                }
                dies++;
                foreach (var a in die.Attributes())
                {
                    attributes++;
                    checksum += Fold(unit, a);
                }
            }
        }

        var walk = DwarfWalk.Run(dwarf, 1);
        Assert.Equal((dwarf.Units.Count, dies, nulls, attributes), (walk.Units, walk.Dies, walk.NullEntries, walk.Attributes));
        Assert.Equal(checksum, walk.Checksum);

        // The same decoders one entry at a time.
        var sum = new Sum();
        foreach (var unit in dwarf.Units)
        {
            var entries = new EntriesRaw(unit);
            while (!entries.AtEnd)
                entries.ReadValues(entries.ReadAbbrev(), ref sum);
        }
        Assert.Equal(checksum, sum.Value);
    }

    private struct Sum : IValueSink
    {
        public ulong Value;

        public void Constant(ulong value) => Value += value;

        public void Reference(ulong offset) => Value += offset;

        public void String(ReadOnlySpan<byte> bytes) => Value += bytes.IsEmpty ? 0UL : bytes[0];

        public void Block(ReadOnlySpan<byte> bytes) => Value += (ulong)bytes.Length;
    }

    /// <summary>A value as <see cref="DwarfWalk"/> sums it.</summary>
    private static ulong Fold(Unit unit, AttributeValue a) => a.Class switch
    {
        ValueClass.StringOffset or ValueClass.StringIndex or ValueClass.LineStringOffset or ValueClass.InlineString =>
            unit.StringBytes(a) is { IsEmpty: false } s ? s[0] : 0UL,
        ValueClass.Block => (ulong)a.DataLength,
        _ => a.Value,
    };
}
