using DwarfAbi.Cli.Commands;

namespace DwarfAbi.Cli;

public static class Program
{
    public static int Main(string[] args)
    {
        // kbuild runs the drop-in through a symlink named like the upstream tool.
        string invokedAs = Path.GetFileName(Environment.GetCommandLineArgs()[0]);
        if (invokedAs == "gendwarfksyms")
            return Run(["gendwarfksyms", .. args], Console.Out, Console.Error);
        return Run(args, Console.Out, Console.Error);
    }

    /// <summary>The whole CLI, callable in-process by tests.</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr) => Run(args, Console.In, stdout, stderr);

    /// <summary>The whole CLI with its standard input given, for verbs that read it.</summary>
    public static int Run(string[] args, TextReader stdin, TextWriter stdout, TextWriter stderr)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            (args.Length == 0 ? stderr : stdout).Write(Usage);
            return args.Length == 0 ? ExitCodes.Usage : ExitCodes.Ok;
        }
        if (args[0] == "--version")
        {
            stdout.WriteLine($"dwarfabi {typeof(Program).Assembly.GetName().Version?.ToString(3)}");
            return ExitCodes.Ok;
        }
        var verb = Verbs.FirstOrDefault(v => v.Name == args[0]);
        if (verb is null)
        {
            stderr.WriteLine($"dwarfabi: unknown command '{args[0]}'");
            stderr.Write(Usage);
            return ExitCodes.Usage;
        }
        return CommandRunner.Run(() => verb.Run(args[1..], stdin, stdout, stderr), stderr);
    }

    private static readonly Verb[] Verbs =
    [
        new("diff", "which exported symbols changed version between two builds, and why", DiffCommand.Run),
        new("dump", "print units and DIEs as the reader sees them", DumpCommand.Run),
        new("gendwarfksyms", "symbol versions from DWARF, a drop-in for scripts/gendwarfksyms", GendwarfksymsCommand.Run),
        new("symvers", "symbol versions of many objects or a build tree, exports found automatically", SymversCommand.Run),
        new("modversions", "show, check or write module version tables (__versions, __version_ext_*)", ModversionsCommand.Run),
        new("snapshot", "save a build's exports, versions and type strings for a later diff", SnapshotCommand.Run),
        new("btf", "BTF from DWARF, as pahole -J encodes it", BtfCommand.Run),
    ];

    private static string Usage =>
        "Usage: dwarfabi COMMAND [options] FILE...\n\n" +
        "Reads the DWARF of Linux kernel objects and produces the kernel's ABI artifacts.\n\n" +
        "Commands:\n" +
        string.Concat(Verbs.Select(v => $"  {v.Name,-15} {v.Summary}\n")) +
        "\nRun 'dwarfabi COMMAND --help' for a command's options.\n";

    private sealed record Verb(string Name, string Summary, Func<string[], TextReader, TextWriter, TextWriter, int> Run)
    {
        /// <summary>A verb that does not read standard input.</summary>
        public Verb(string name, string summary, Func<string[], TextWriter, TextWriter, int> run)
            : this(name, summary, (args, _, stdout, stderr) => run(args, stdout, stderr))
        {
        }
    }
}
