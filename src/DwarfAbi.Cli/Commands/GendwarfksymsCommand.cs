using DwarfAbi.IO;
using DwarfAbi.Symvers;

namespace DwarfAbi.Cli.Commands;

/// <summary>
/// <c>gendwarfksyms</c>: a drop-in for the kernel's scripts/gendwarfksyms, with its options,
/// messages and exit codes. Reads the symbol list from stdin, prints <c>#SYMVER</c> lines.
/// </summary>
public static class GendwarfksymsCommand
{
    private const string Program = "gendwarfksyms";

    private const string Usage =
        "Usage: gendwarfksyms [options] elf-object-file ... < symbol-list\n\n" +
        "Options:\n" +
        "  -d, --debug          Print debugging information\n" +
        "      --dump-dies      Dump DWARF DIE contents\n" +
        "      --dump-die-map   Print debugging information about die_map changes\n" +
        "      --dump-types     Dump type strings\n" +
        "      --dump-versions  Dump expanded type strings used for symbol versions\n" +
        "  -s, --stable         Support kABI stability features\n" +
        "  -T, --symtypes file  Write a symtypes file\n" +
        "  -h, --help           Print this message\n" +
        "\n";

    // Ids of the long options that have no short form.
    private const char DumpDies = '1', DumpDieMap = '2', DumpTypes = '3', DumpVersions = '4';

    private static readonly GetoptLong Parser = new(Program, "dsT:h",
    [
        new("debug", false, 'd'),
        new("dump-dies", false, DumpDies),
        new("dump-die-map", false, DumpDieMap),
        new("dump-types", false, DumpTypes),
        new("dump-versions", false, DumpVersions),
        new("stable", false, 's'),
        new("symtypes", true, 'T'),
        new("help", false, 'h'),
    ]);

    public static int Run(string[] args, TextReader stdin, TextWriter stdout, TextWriter stderr)
    {
        var parsed = Parser.Parse(args);
        var options = new GendwarfksymsOptions();
        bool debug = false;
        string? symtypesPath = null;
        foreach (var (id, argument) in parsed.Options)
        {
            switch (id)
            {
                case 'h':
                    stderr.Write(Usage);
                    return ExitCodes.Ok;
                case 'd': debug = true; break;
                case 's': options = options with { Stable = true }; break;
                case 'T': symtypesPath = argument; break;
                case DumpDies: options = options with { DumpDies = true }; break;
                case DumpDieMap: options = options with { DumpDieMap = true, DumpDies = true }; break;
                case DumpTypes: options = options with { DumpTypes = true }; break;
                case DumpVersions: options = options with { DumpVersions = true }; break;
            }
        }
        if (parsed.Error is not null)
        {
            stderr.Write(parsed.Error);
            stderr.Write(Usage);
            return ExitCodes.Error;
        }
        if (parsed.Operands.Count == 0)
        {
            stderr.Write(Usage);
            return Fail(stderr, "main", "no input files?");
        }
        options = options with { Symtypes = symtypesPath is not null };

        var log = new SymversLog(stderr.Write, debug);
        try
        {
            var symbols = SymbolListReader.Read(stdin.ReadToEnd(), log);
            // Nothing exported: the objects are not even opened (they may lack DWARF altogether).
            if (symbols.Count == 0)
                return ExitCodes.Ok;
            var result = new SymversGenerator(options, log).Run(symbols, parsed.Operands);
            if (symtypesPath is not null)
                WriteAtomically(symtypesPath, result.Symtypes ?? "");
            stdout.Write(result.Versions);
            return ExitCodes.Ok;
        }
        catch (DwarfAbiException e)
        {
            return Fail(stderr, null, e.ToString());
        }
        catch (IOException e)
        {
            return Fail(stderr, null, e.Message);
        }
        catch (UnauthorizedAccessException e)
        {
            return Fail(stderr, null, e.Message);
        }
    }

    private static int Fail(TextWriter stderr, string? function, string message)
    {
        stderr.Write($"error: {Program}: {(function is null ? "" : function + ": ")}{message}\n");
        return ExitCodes.Error;
    }

    /// <summary>Readers never see a half-written symtypes file.</summary>
    private static void WriteAtomically(string path, string text)
    {
        try
        {
            AtomicFile.Write(path, new System.Text.UTF8Encoding(false).GetBytes(text));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DwarfAbiException($"fopen failed for '{path}': {e.Message}", inner: e);
        }
    }
}
