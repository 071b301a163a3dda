using System.Text.Json;
using DwarfAbi.Modversions;

namespace DwarfAbi.Cli.Commands;

/// <summary><c>dwarfabi modversions show|check|write</c>: module version tables.</summary>
public static class ModversionsCommand
{
    private const string Usage =
        "Usage: dwarfabi modversions show [--json] [--table auto|versions|ext|all] MODULE...\n" +
        "       dwarfabi modversions check --kernel K [--kernel K]... [options] MODULE|DIR...\n" +
        "       dwarfabi modversions write --kernel Module.symvers [options] MODULE.o...\n" +
        "Run 'dwarfabi modversions SUBCOMMAND --help' for the options.\n";

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help")
        {
            (args.Length == 0 ? stderr : stdout).Write(Usage);
            return args.Length == 0 ? ExitCodes.Usage : ExitCodes.Ok;
        }
        return args[0] switch
        {
            "show" => Show(args[1..], stdout, stderr),
            "check" => ModversionsCheckCommand.Run(args[1..], stdout, stderr),
            "write" => ModversionsWriteCommand.Run(args[1..], stdout, stderr),
            _ => throw new UsageException($"modversions: unknown subcommand '{args[0]}' (show, check or write)"),
        };
    }

    private static readonly ArgParser ShowOptions = new ArgParser()
        .Flag("json", help: "JSON: every pair with the tables it is in")
        .Value("table", help: "auto (__versions if present, else extended; as modprobe --dump-modversions), versions, ext, all")
        .Flag("help", 'h');

    private static int Show(string[] args, TextWriter stdout, TextWriter stderr)
    {
        if (ShowOptions.ParseOrHelp(args, "Usage: dwarfabi modversions show [options] MODULE...\n", stdout) is not { } a)
            return ExitCodes.Ok;
        if (a.Positionals.Count == 0)
            throw new UsageException("modversions show: no module given");
        string table = a.Get("table") ?? "auto";
        if (table is not ("auto" or "versions" or "ext" or "all"))
            throw new UsageException($"modversions show: --table must be auto, versions, ext or all, not '{table}'");

        bool failed = false;
        var results = new List<(string Path, ModuleVersions? Versions, string? Error)>();
        foreach (string path in a.Positionals)
        {
            try
            {
                using var elf = ModuleFile.Open(path);
                var versions = ReadVersions(elf, path);
                results.Add((path, versions, null));
            }
            catch (DwarfAbiException e)
            {
                failed = true;
                stderr.WriteLine($"dwarfabi: error: {e.WithFile(path)}");
                results.Add((path, null, e.WithFile(path).ToString()));
            }
        }
        if (a.Has("json"))
            WriteJson(stdout, results);
        else
            WriteText(stdout, results.Where(r => r.Versions is not null).Select(r => (r.Path, r.Versions!)).ToList(), table, a.Positionals.Count > 1);
        return failed ? ExitCodes.Error : ExitCodes.Ok;
    }

    private static ModuleVersions ReadVersions(Elf.ElfFile elf, string path)
    {
        var versions = ModuleVersions.Read(elf);
        return versions.HasAny ? versions : throw new DwarfAbiException("no __versions or __version_ext_crcs/__version_ext_names section", file: path);
    }

    private static void WriteText(TextWriter stdout, List<(string Path, ModuleVersions Versions)> modules, string table, bool headers)
    {
        for (int i = 0; i < modules.Count; i++)
        {
            var (path, v) = modules[i];
            if (headers)
                stdout.Write($"{(i > 0 ? "\n" : "")}{path}:\n");
            if (table == "all")
            {
                foreach (var e in v.Merged())
                    stdout.Write($"0x{e.Crc:x8}\t{e.Name}\t{SourceNames(e.Sources, ",")}\n");
                continue;
            }
            bool legacy = table == "versions" || (table == "auto" && v.Versions is not null);
            // kmod drops one leading dot from legacy names (PPC64 ELFv1 function descriptors).
            foreach (var e in (legacy ? v.Versions : v.Extended) ?? [])
                stdout.Write($"0x{e.Crc:x8}\t{(legacy && e.Name.StartsWith('.') ? e.Name[1..] : e.Name)}\n");
        }
    }

    private static string SourceNames(VersionSources s, string separator) =>
        string.Join(separator, new[] { (VersionSources.Versions, "versions"), (VersionSources.Extended, "ext") }.Where(p => s.HasFlag(p.Item1)).Select(p => p.Item2));

    private static void WriteJson(TextWriter stdout, List<(string Path, ModuleVersions? Versions, string? Error)> results)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartArray();
            foreach (var (path, v, error) in results)
            {
                w.WriteStartObject();
                w.WriteString("module", path);
                if (v is null)
                {
                    w.WriteString("error", error);
                    w.WriteEndObject();
                    continue;
                }
                WriteCount(w, "versions", v.Versions);
                WriteCount(w, "extended", v.Extended);
                w.WriteStartArray("entries");
                foreach (var e in v.Merged())
                {
                    w.WriteStartObject();
                    w.WriteString("crc", $"0x{e.Crc:x8}");
                    w.WriteString("name", e.Name);
                    w.WriteStartArray("tables");
                    foreach (string s in SourceNames(e.Sources, " ").Split(' '))
                        w.WriteStringValue(s);
                    w.WriteEndArray();
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        stdout.Write(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
        stdout.Write('\n');
    }

    private static void WriteCount(Utf8JsonWriter w, string name, IReadOnlyList<VersionEntry>? table)
    {
        if (table is null)
            w.WriteNull(name);
        else
            w.WriteNumber(name, table.Count);
    }
}
