namespace DwarfAbi.Tests.AbiDiff;

/// <summary>A snapshot file written by hand for one unit: exports with their CRCs, rules, and the plain and stable type maps.</summary>
public sealed class HandMadeSnapshot
{
    private readonly List<string> _lines = ["#dwarfabi-snapshot 1", "#unit test.o"];
    private readonly List<string> _plain = ["#plain"];
    private readonly List<string> _stable = ["#stable"];

    public HandMadeSnapshot Export(string name, uint crc, uint stableCrc)
    {
        _lines.Add($"#export {name} 0x{crc:x8} 0x{stableCrc:x8}");
        return this;
    }

    public HandMadeSnapshot Rule(string type, string target, string value = "")
    {
        _lines.Add($"#rule {type}\t{target}\t{value}");
        return this;
    }

    /// <summary>An entry of both views, or of each when the stable text differs.</summary>
    public HandMadeSnapshot Type(string key, string plain, string? stable = null)
    {
        _plain.Add($"{key} {plain}");
        _stable.Add($"{key} {stable ?? plain}");
        return this;
    }

    public string Write() => DiffCli.TempFile(string.Join("\n", [.. _lines, .. _plain, .. _stable]) + "\n");
}
