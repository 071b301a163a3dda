using DwarfAbi.Dwarf;
using DwarfAbi.IO;

namespace DwarfAbi.Dump;

/// <summary>Counts of one full walk: every unit, every entry, every attribute value decoded.</summary>
/// <param name="Checksum">The sum of the decoded values (see <see cref="DwarfWalk"/>): proof that each was read,
/// and a way to compare two walks.</param>
public readonly record struct WalkStats(long Units, long Dies, long NullEntries, long Attributes, ulong Checksum);

/// <summary>
/// Visits every DIE of every unit, decoding each attribute value and finding the end of each
/// string, with units spread over the cores. It is what the reader costs, without any output.
/// The values are summed the way bench/libdw-walk.c sums them (integers and addresses as they
/// are, references as the target's offset, strings by their first byte, blocks by their
/// length), so no decode can be skipped and the two walkers can be compared.
/// </summary>
public static class DwarfWalk
{
    public static WalkStats Run(DwarfData dwarf, int parallelism)
    {
        var units = dwarf.Units;
        long dies = 0, nulls = 0, attributes = 0;
        ulong checksum = 0;
        Parallelism.For(units.Count, parallelism,
            () => new Totals(),
            (i, _, local) =>
            {
                new EntriesRaw(units[i]).ReadAll(ref local);
                return local;
            },
            local =>
            {
                Interlocked.Add(ref dies, local.Dies);
                Interlocked.Add(ref nulls, local.Nulls);
                Interlocked.Add(ref attributes, local.Attributes);
                Interlocked.Add(ref checksum, local.Checksum);
            });
        return new WalkStats(units.Count, dies, nulls, attributes, checksum);
    }

    /// <summary>One worker's counts, and the sum of the values it decoded.</summary>
    private struct Totals : IEntrySink
    {
        public long Dies;
        public long Nulls;
        public long Attributes;
        public ulong Checksum;

        public void Entry(int offset, Abbrev abbrev)
        {
            if (abbrev.IsNull)
            {
                Nulls++;
                return;
            }
            Dies++;
            Attributes += abbrev.SpecCount;
        }

        public void Constant(ulong value) => Checksum += value;

        public void Reference(ulong offset) => Checksum += offset;

        public void String(ReadOnlySpan<byte> bytes) => Checksum += bytes.IsEmpty ? 0UL : bytes[0];

        public void Block(ReadOnlySpan<byte> bytes) => Checksum += (ulong)bytes.Length;
    }
}
