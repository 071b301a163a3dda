using DwarfAbi.Dwarf;
using DwarfAbi.IO;

namespace DwarfAbi.Dump;

/// <summary>Counts of one full walk: every unit, every entry, every attribute value decoded.</summary>
public readonly record struct WalkStats(long Units, long Dies, long NullEntries, long Attributes);

/// <summary>
/// Visits every DIE of every unit, decoding each attribute value and finding the end of each
/// string, with units spread over the cores. It is what the reader costs, without any output.
/// </summary>
public static class DwarfWalk
{
    public static WalkStats Run(DwarfData dwarf, int parallelism)
    {
        var units = dwarf.Units;
        long dies = 0, nulls = 0, attributes = 0;
        Parallelism.For(units.Count, parallelism,
            () => (Dies: 0L, Nulls: 0L, Attributes: 0L),
            (i, _, local) =>
            {
                var unit = units[i];
                var entries = new EntriesRaw(unit);
                while (!entries.AtEnd)
                {
                    var abbrev = entries.ReadAbbrev();
                    if (abbrev.IsNull)
                    {
                        local.Nulls++;
                        continue;
                    }
                    local.Dies++;
                    foreach (var spec in entries.Specs(abbrev))
                    {
                        var a = entries.ReadAttribute(spec);
                        local.Attributes++;
                        if (a.Class is ValueClass.StringOffset or ValueClass.StringIndex or ValueClass.LineStringOffset)
                            unit.StringBytes(a);
                    }
                }
                return local;
            },
            local =>
            {
                Interlocked.Add(ref dies, local.Dies);
                Interlocked.Add(ref nulls, local.Nulls);
                Interlocked.Add(ref attributes, local.Attributes);
            });
        return new WalkStats(units.Count, dies, nulls, attributes);
    }
}
