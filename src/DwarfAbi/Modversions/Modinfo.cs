using DwarfAbi.Elf;
using DwarfAbi.IO;

namespace DwarfAbi.Modversions;

/// <summary>The <c>key=value</c> strings of a module's <c>.modinfo</c> section, in order.</summary>
public sealed class Modinfo
{
    private readonly List<KeyValuePair<string, string>> _entries;

    private Modinfo(List<KeyValuePair<string, string>> entries) => _entries = entries;

    public static readonly Modinfo Empty = new([]);

    public static Modinfo Read(ElfFile elf)
    {
        var section = elf.FindSection(".modinfo");
        if (section is null)
            return Empty;
        var data = elf.RawData(section).Span;
        var entries = new List<KeyValuePair<string, string>>();
        while (!data.IsEmpty)
        {
            int nul = data.IndexOf((byte)0);
            var item = nul < 0 ? data : data[..nul];
            int eq = item.IndexOf((byte)'=');
            // Alignment padding between strings shows up as empty items.
            if (eq > 0)
                entries.Add(new(SpanReader.Utf8(item[..eq]), SpanReader.Utf8(item[(eq + 1)..])));
            data = nul < 0 ? default : data[(nul + 1)..];
        }
        return new Modinfo(entries);
    }

    public string? Get(string key) => _entries.FirstOrDefault(e => e.Key == key).Value;

    public IEnumerable<string> All(string key) => _entries.Where(e => e.Key == key).Select(e => e.Value);

    public IReadOnlyList<string> ImportedNamespaces => [.. All("import_ns")];

    /// <summary>The kernel's list of licenses that may use GPL-only exports.</summary>
    public static bool IsGplCompatible(string? license) => license is
        "GPL" or "GPL v2" or "GPL and additional rights" or "Dual BSD/GPL" or "Dual MIT/GPL" or "Dual MPL/GPL";
}
