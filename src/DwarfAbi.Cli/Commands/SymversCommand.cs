using System.Text;
using System.Text.Json;
using DwarfAbi.Elf;
using DwarfAbi.IO;
using DwarfAbi.Symvers;

namespace DwarfAbi.Cli.Commands;

/// <summary>
/// <c>dwarfabi symvers</c>: symbol versions for people rather than kbuild. It finds each object's
/// exports itself, takes many objects or a build tree, runs them in parallel and writes
/// <c>#SYMVER</c> lines, a Module.symvers-style table or JSON.
/// </summary>
public static class SymversCommand
{
    private static readonly ArgParser Parser = new ArgParser()
        .Flag("stable", 's', "apply the kABI rules (as gendwarfksyms --stable)")
        .Value("format", 'f', "symver (#SYMVER lines, default), table (crc, symbol, object) or json")
        .Value("output", 'o', "write to this file (atomically) instead of stdout")
        .Value("exports", 'e', "take the export list from this file (one name per line) for every object")
        .Value("jobs", 'j', "objects processed at once (default: all cores)")
        .Flag("quiet", 'q', "no progress and no warnings")
        .Flag("help", 'h', "show this help");

    private const string Usage =
        "Usage: dwarfabi symvers [options] OBJECT|DIRECTORY...\n\n" +
        "Computes the symbol versions (CRCs) of each object's exported symbols from its DWARF, exactly as\n" +
        "scripts/gendwarfksyms does. Exports are found as kbuild lists them: __export_symbol_* markers,\n" +
        "else __ksymtab_* symbols (linked objects, older kernels), else, for Rust objects, every global\n" +
        "text, rodata, data and bss symbol. Directories are searched for *.o and *.ko files; objects\n" +
        "without exports are skipped.\n\nOptions:\n";

    private sealed record ObjectVersions(string Path, ExportSource Source, List<(string Name, uint Crc)> Symbols, string Warnings);

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        if (Parser.ParseOrHelp(args, Usage, stdout) is not { } p)
            return ExitCodes.Ok;
        if (p.Positionals.Count == 0)
            throw new UsageException("symvers: no input (see 'dwarfabi symvers --help')");
        string format = p.Get("format") ?? "symver";
        if (format is not ("symver" or "table" or "json"))
            throw new UsageException($"symvers: unknown format '{format}' (symver, table or json)");
        int jobs = Math.Max(1, (int)(p.GetNumber("jobs") ?? (ulong)Environment.ProcessorCount));
        string? exports = p.Get("exports") is { } file ? File.ReadAllText(file) : null;
        var options = new GendwarfksymsOptions { Stable = p.Has("stable") };
        bool quiet = p.Has("quiet");

        var files = Inputs(p.Positionals);
        var results = new ObjectVersions?[files.Count];
        var progress = new Progress(stderr, files.Count, !quiet && !Console.IsErrorRedirected);
        Parallelism.For(files.Count, jobs, () => 0, (i, _, local) =>
        {
            results[i] = Process(files[i], exports, options);
            progress.Done(files[i]);
            return local;
        }, _ => { });
        progress.Finish();

        var done = results.OfType<ObjectVersions>().ToList();
        if (!quiet)
        {
            foreach (var r in done.Where(r => r.Warnings.Length > 0))
                stderr.Write(r.Warnings);
        }
        string text = format switch
        {
            "json" => Json(done),
            "table" => string.Concat(done.SelectMany(r => r.Symbols.Select(s => $"0x{s.Crc:x8}\t{s.Name}\t{ModuleName(r.Path)}\n"))),
            _ => string.Concat(done.SelectMany(r => r.Symbols.Select(s => $"#SYMVER {s.Name} 0x{s.Crc:x8}\n"))),
        };
        if (p.Get("output") is { } output)
            AtomicFile.WriteText(output, text);
        else
            stdout.Write(text);
        if (!quiet)
            stderr.WriteLine($"dwarfabi symvers: {done.Sum(r => r.Symbols.Count)} symbols in {done.Count} of {files.Count} objects");
        return ExitCodes.Ok;
    }

    private static List<string> Inputs(IEnumerable<string> paths)
    {
        var files = new List<string>();
        foreach (string path in paths)
        {
            if (Directory.Exists(path))
            {
                files.AddRange(Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories)
                    .Where(f => (f.EndsWith(".o", StringComparison.Ordinal) || f.EndsWith(".ko", StringComparison.Ordinal))
                        && !f.EndsWith(".mod.o", StringComparison.Ordinal))
                    .Order(StringComparer.Ordinal));
            }
            else
            {
                files.Add(path);
            }
        }
        return files;
    }

    private static ObjectVersions? Process(string path, string? exports, GendwarfksymsOptions options)
    {
        ExportSource source;
        IReadOnlyList<string> names;
        try
        {
            using var elf = ElfFile.Open(path);
            (source, names) = exports is null ? ExportFinder.Find(elf) : (ExportSource.None, []);
        }
        catch (DwarfAbiException e)
        {
            throw e.WithFile(path);
        }
        string list = exports ?? string.Concat(names.Select(n => n + "\n"));
        var warnings = new StringBuilder();
        var log = new SymversLog(text => warnings.Append(path).Append(": ").Append(text));
        var symbols = SymbolListReader.Read(list, log);
        if (symbols.Count == 0)
            return null;
        var result = new SymversGenerator(options, log).Run(symbols, [path]);
        return new ObjectVersions(path, source, ParseVersions(result.Versions), warnings.ToString());
    }

    private static List<(string Name, uint Crc)> ParseVersions(string versions) =>
        [.. versions.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line =>
        {
            var parts = line.Split(' ');
            return (parts[1], Convert.ToUInt32(parts[2][2..], 16));
        })];

    private static string ModuleName(string path)
    {
        string name = Path.GetFileName(path);
        return name.EndsWith(".ko", StringComparison.Ordinal) ? Path.ChangeExtension(path, null) : path;
    }

    private static string Json(List<ObjectVersions> results)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartArray();
            foreach (var r in results)
            {
                json.WriteStartObject();
                json.WriteString("object", r.Path);
                json.WriteString("exports", r.Source switch
                {
                    ExportSource.ExportMarkers => "export_symbol_markers",
                    ExportSource.KsymtabSymbols => "ksymtab_symbols",
                    ExportSource.RustGlobals => "rust_globals",
                    _ => "list",
                });
                json.WriteStartArray("symbols");
                foreach (var (name, crc) in r.Symbols)
                {
                    json.WriteStartObject();
                    json.WriteString("name", name);
                    json.WriteString("crc", $"0x{crc:x8}");
                    json.WriteEndObject();
                }
                json.WriteEndArray();
                json.WriteEndObject();
            }
            json.WriteEndArray();
        }
        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    /// <summary>A one-line counter on a terminal; nothing when stderr is a file or a pipe.</summary>
    private sealed class Progress(TextWriter stderr, int total, bool enabled)
    {
        private readonly Lock _lock = new();
        private int _done;

        public void Done(string path)
        {
            if (!enabled)
                return;
            lock (_lock)
                stderr.Write($"\r\x1b[K[{++_done}/{total}] {Path.GetFileName(path)}");
        }

        public void Finish()
        {
            if (enabled)
                stderr.Write("\r\x1b[K");
        }
    }
}
