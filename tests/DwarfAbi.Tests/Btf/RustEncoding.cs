using System.Collections.Concurrent;
using DwarfAbi.Btf;
using DwarfAbi.Btf.FromDwarf;
using DwarfAbi.Dwarf;
using DwarfAbi.Elf;
using DwarfAbi.Tests.Support;

namespace DwarfAbi.Tests.Btf;

/// <summary>Our BTF of an object with Rust included (the default), its raw bytes and the encoder's report of what it did to the Rust units.</summary>
public sealed record RustEncoding(byte[] Bytes, BtfData Btf, EncodingReport Report)
{
    private static readonly ConcurrentDictionary<string, Lazy<RustEncoding>> Cache = new(StringComparer.Ordinal);

    /// <summary>Encoded once per object and shared by the tests of it.</summary>
    public static RustEncoding Of(string relativePath) =>
        Cache.GetOrAdd(relativePath, p => new Lazy<RustEncoding>(() => Encode(Path.Combine(Repo.Root, p)))).Value;

    private static RustEncoding Encode(string path)
    {
        using var elf = ElfFile.Open(path);
        var report = new EncodingReport();
        var btf = Dedup.Run(Encoder.Encode(elf, DwarfData.FromElf(elf), new EncoderOptions { Jobs = 1 }, null, report));
        var bytes = BtfWriter.Write(btf);
        return new RustEncoding(bytes, BtfReader.Parse(bytes, null), report);
    }

    /// <summary>Pruning decisions, whose action starts with "pruned:" (EncodingReport.Write prints them so).</summary>
    public IEnumerable<EncodingReport.Decision> Pruned => Report.Decisions.Where(d => d.Action.StartsWith("pruned", StringComparison.Ordinal));

    public string Counts => $"{Report.RustTypesKept} Rust types kept, {Report.RustTypesPruned} pruned, {Report.BindingCopiesMerged} binding copies merged, {Report.Decisions.Count} decisions";
}
