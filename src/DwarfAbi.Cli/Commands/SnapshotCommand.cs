using DwarfAbi.AbiDiff;
using DwarfAbi.IO;

namespace DwarfAbi.Cli.Commands;

/// <summary><c>dwarfabi snapshot INPUT -o FILE</c>: the exports, versions and type strings of a build, saved for a later diff.</summary>
public static class SnapshotCommand
{
    private static readonly ArgParser Parser = new ArgParser()
        .Value("output", 'o', "write the snapshot here (default: standard output)")
        .Flag("stable", 's', "also record the --stable versions, type strings and kABI rules")
        .Value("exports", 'e', "export list for an object, one name per line (default: from the object)")
        .Value("jobs", 'j', "objects of a directory processed at once (default: all cores)")
        .Flag("help", 'h', "show this help");

    private const string Usage =
        "Usage: dwarfabi snapshot [options] INPUT\n\n" +
        "Saves the exported symbols of INPUT (an object, a directory of objects such as a build tree,\n" +
        "a symtypes file or a directory of them),\n" +
        "their versions and their symtypes entries as a versioned text file for 'dwarfabi diff'.\n\n" +
        "Options:\n";

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        if (Parser.ParseOrHelp(args, Usage, stdout) is not { } p)
            return ExitCodes.Ok;
        if (p.Positionals.Count != 1)
            throw new UsageException("snapshot: needs one input (see 'dwarfabi snapshot --help')");
        var snapshot = AbiInputs.Load(p.Positionals[0], DiffCommand.ExportList(p.Get("exports")), p.Has("stable"), DiffCommand.Jobs(p));
        if (p.Get("output") is not { } output)
        {
            SnapshotFile.Write(snapshot, stdout);
            return ExitCodes.Ok;
        }
        var text = new StringWriter();
        SnapshotFile.Write(snapshot, text);
        AtomicFile.WriteText(output, text.ToString());
        return ExitCodes.Ok;
    }
}
