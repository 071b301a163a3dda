using DwarfAbi.Dwarf;

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
        Parallel.For(0, units.Count, new ParallelOptions { MaxDegreeOfParallelism = parallelism },
            () => (Dies: 0L, Nulls: 0L, Attributes: 0L),
            (i, _, local) =>
            {
                var cursor = units[i].Cursor();
                while (cursor.MoveNext())
                {
                    var die = cursor.Current;
                    if (die.IsNull)
                    {
                        local.Nulls++;
                        continue;
                    }
                    local.Dies++;
                    foreach (var a in die.Attributes())
                    {
                        local.Attributes++;
                        if (a.Class is ValueClass.StringOffset or ValueClass.StringIndex or ValueClass.LineStringOffset)
                            die.Unit.StringBytes(a);
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
