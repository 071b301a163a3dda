using DwarfAbi.AbiDiff;
using DwarfAbi.Symvers;

namespace DwarfAbi.Cli.Commands;

/// <summary><c>dwarfabi diff OLD NEW</c>: which exports changed version, and exactly why.</summary>
public static class DiffCommand
{
    /// <summary>Exit code when the sides differ in their ABI (0: none, 1: errors, 2: usage).</summary>
    public const int AbiChanged = 3;

    private static readonly ArgParser Parser = new ArgParser()
        .Flag("stable", 's', "compare --stable versions; report what kABI rules hid and check its layout")
        .Value("exports", 'e', "export list for objects, one name per line (default: from the object)")
        .Value("old-exports", '\0', "export list for the old object only")
        .Value("new-exports", '\0', "export list for the new object only")
        .Value("jobs", 'j', "objects of a directory processed at once (default: all cores)")
        .Flag("json", '\0', "print JSON instead of text")
        .Value("color", '\0', "auto (default: on a terminal), always or never")
        .Flag("help", 'h', "show this help");

    private static readonly string Usage =
        "Usage: dwarfabi diff [options] OLD NEW\n\n" +
        "Reports the exports whose symbol version changed and the type changes that explain it,\n" +
        "grouped by the type that caused them, and the exports added and removed. OLD and NEW are\n" +
        "each an object, a directory of objects (a build tree: its vmlinux and *.ko; else its *.o),\n" +
        "a symtypes file, a directory of symtypes files or a snapshot.\n" +
        $"Exit status: 0 no ABI change, {AbiChanged} ABI changes, 1 errors (including kABI layout errors), 2 usage.\n\n" +
        "Options:\n";

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        if (Parser.ParseOrHelp(args, Usage, stdout) is not { } p)
            return ExitCodes.Ok;
        if (p.Positionals.Count != 2)
            throw new UsageException("diff: needs two inputs, OLD and NEW (see 'dwarfabi diff --help')");
        bool colour = p.Get("color") switch
        {
            null or "auto" => ReferenceEquals(stdout, Console.Out) && !Console.IsOutputRedirected,
            "always" => true,
            "never" => false,
            var v => throw new UsageException($"diff: --color is auto, always or never, not '{v}'"),
        };
        bool stable = p.Has("stable");
        int jobs = Jobs(p);
        var old = AbiInputs.Load(p.Positionals[0], ExportList(p.Get("old-exports") ?? p.Get("exports")), stable, jobs);
        var @new = AbiInputs.Load(p.Positionals[1], ExportList(p.Get("new-exports") ?? p.Get("exports")), stable, jobs);
        var result = AbiDiffer.Diff(old, @new, stable);
        if (p.Has("json"))
        {
            using var buffer = new MemoryStream();
            DiffJsonWriter.Write(result, buffer);
            stdout.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
        }
        else
        {
            new DiffTextWriter(stdout, colour).Write(result);
        }
        if (result.Audit is { HasErrors: true })
        {
            stderr.WriteLine("dwarfabi: error: changes hidden by kABI rules alter the layout (see the report)");
            return ExitCodes.Error;
        }
        return result.HasAbiChanges ? AbiChanged : ExitCodes.Ok;
    }

    /// <summary>The <c>--jobs</c> option: how many objects of a directory are processed at once.</summary>
    public static int Jobs(ParsedArgs p) => Math.Max(1, (int)(p.GetNumber("jobs") ?? (ulong)Environment.ProcessorCount));

    /// <summary>An export list in the symbol-list format (first word of each line).</summary>
    public static IReadOnlyList<string>? ExportList(string? path)
    {
        if (path is null)
            return null;
        try
        {
            var symbols = SymbolListReader.Read(File.ReadAllText(path), new SymversLog(_ => { }));
            return [.. symbols.InHashOrder.OrderBy(s => s.Order).Select(s => s.Name)];
        }
        catch (DwarfAbiException e)
        {
            throw e.WithFile(path);
        }
        catch (IOException e)
        {
            throw new DwarfAbiException(e.Message, file: path, inner: e);
        }
    }
}
