using System.Text.RegularExpressions;
using DwarfAbi.Modversions;

namespace DwarfAbi.Tests.Modversions;

/// <summary>The modpost oracle copied into TestData: one case directory per modpost run.</summary>
public sealed partial class ModpostOracle
{
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "tests", "DwarfAbi.Tests", "TestData", "modpost");
            if (Directory.Exists(candidate))
                return candidate;
        }
        throw new DirectoryNotFoundException("tests/DwarfAbi.Tests/TestData/modpost not found above " + AppContext.BaseDirectory);
    }

    public static string CasesDir => Path.Combine(Root, "cases");

    /// <summary>Every case, as a path relative to <see cref="CasesDir"/> (e.g. <c>x86_64/both/m_short</c>).</summary>
    public static IEnumerable<object[]> Cases() =>
        Directory.EnumerateFiles(CasesDir, "modpost.cmd", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(CasesDir, Path.GetDirectoryName(f)!))
            .Order(StringComparer.Ordinal)
            .Select(c => new object[] { c });

    public string Dir { get; }
    public string Arch => Name.Split('/')[0];
    public string Name { get; }
    public ModpostOptions Options { get; }
    public IReadOnlyList<string> ModulePaths { get; }

    public ModpostOracle(string name)
    {
        Name = name;
        Dir = Path.Combine(CasesDir, name);
        var flags = File.ReadAllText(Path.Combine(Dir, "modpost.cmd")).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet();
        Options = new ModpostOptions
        {
            Modversions = flags.Contains("-m"),
            Basic = flags.Contains("-b"),
            Extended = flags.Contains("-x"),
            External = flags.Contains("-e"),
            WarnUnresolved = flags.Contains("-w"),
            AllowMissingNamespaces = flags.Contains("-N"),
        };
        ModulePaths = File.ReadAllLines(Path.Combine(Dir, "modules.order")).Where(l => l.Length > 0).ToList();
    }

    public ModpostResult RunOurs()
    {
        var modules = ModulePaths.Select(p => ModuleObject.Load(Dir, p, Options.Modversions)).ToList();
        return ModpostRun.Run(modules, ModuleSymvers.Read(Path.Combine(Dir, "kernel.symvers")), Options);
    }

    public int ExitCode => int.Parse(File.ReadAllText(Path.Combine(Dir, "modpost.rc")).Trim());
    public string Stderr => File.ReadAllText(Path.Combine(Dir, "modpost.stderr"));

    public string Stem(string modulePath) => Path.Combine(Dir, modulePath[..^2]);

    /// <summary>The (CRC, name) pairs a <c>.mod.c</c> puts in each table, parsed from the C text.</summary>
    public static (List<VersionEntry>? Versions, List<VersionEntry>? Extended) TablesOf(string modC)
    {
        List<VersionEntry>? versions = null, extended = null;
        var v = VersionsBlock().Match(modC);
        if (v.Success)
            versions = [.. VersionsEntry().Matches(v.Groups[1].Value).Select(m => new VersionEntry(Convert.ToUInt64(m.Groups[1].Value, 16), m.Groups[2].Value))];
        var c = ExtCrcsBlock().Match(modC);
        if (c.Success)
        {
            var crcs = ExtCrc().Matches(c.Groups[1].Value).Select(m => Convert.ToUInt64(m.Groups[1].Value, 16)).ToList();
            var names = ExtName().Matches(ExtNamesBlock().Match(modC).Groups[1].Value).Select(m => m.Groups[1].Value).ToList();
            extended = [.. crcs.Zip(names, (crc, name) => new VersionEntry(crc, name))];
        }
        return (versions, extended);
    }

    [GeneratedRegex(@"__section\(""__versions""\) = \{\n(.*?)\};", RegexOptions.Singleline)]
    private static partial Regex VersionsBlock();
    [GeneratedRegex(@"\t\{ 0x([0-9a-f]{8}), ""([^""]*)"" \},")]
    private static partial Regex VersionsEntry();
    [GeneratedRegex(@"__section\(""__version_ext_crcs""\) = \{\n(.*?)\};", RegexOptions.Singleline)]
    private static partial Regex ExtCrcsBlock();
    [GeneratedRegex(@"\t0x([0-9a-f]{8}),")]
    private static partial Regex ExtCrc();
    [GeneratedRegex(@"__section\(""__version_ext_names""\) =\n(.*?)\n;", RegexOptions.Singleline)]
    private static partial Regex ExtNamesBlock();
    [GeneratedRegex(@"\t""([^""]*)\\0""")]
    private static partial Regex ExtName();
}
