using System.Diagnostics;
using DwarfAbi.Dump;
using DwarfAbi.Dwarf;
using DwarfAbi.Elf;

namespace DwarfAbi.Cli.Commands;

/// <summary><c>dwarfabi dump</c>: what the reader sees, for people and for comparison with llvm-dwarfdump.</summary>
public static class DumpCommand
{
    private static readonly ArgParser Parser = new ArgParser()
        .Value("unit", 'u', "only the unit that contains this offset")
        .Value("die", 'o', "only the DIE at this offset, with its children")
        .Flag("show-form", 'f', "print each attribute's form")
        .Flag("stats", 's', "walk every DIE, decoding every value, and print counts, a checksum of the values and the time")
        .Value("jobs", 'j', "threads for --stats (default: all cores)")
        .Flag("help", 'h', "show this help");

    private const string Usage = "Usage: dwarfabi dump [options] FILE...\n\nPrints the units and DIEs of each FILE's DWARF, in the layout of llvm-dwarfdump --debug-info.\n\nOptions:\n";

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        if (Parser.ParseOrHelp(args, Usage, stdout) is not { } p)
            return ExitCodes.Ok;
        if (p.Positionals.Count == 0)
            throw new UsageException("dump: no input file (see 'dwarfabi dump --help')");
        var options = new DumpOptions((long?)p.GetNumber("unit"), (long?)p.GetNumber("die"), p.Has("show-form"));
        int jobs = (int)(p.GetNumber("jobs") ?? (ulong)Environment.ProcessorCount);
        foreach (string file in p.Positionals)
        {
            try
            {
                using var elf = ElfFile.Open(file);
                var dwarf = DwarfData.FromElf(elf);
                if (!dwarf.HasDebugInfo)
                    throw new DwarfAbiException("no DWARF: the file has no .debug_info section");
                if (p.Has("stats"))
                    PrintStats(file, dwarf, Math.Max(1, jobs), stdout);
                else
                    Print(file, elf, dwarf, options, stdout);
            }
            catch (DwarfAbiException e)
            {
                throw e.WithFile(file);
            }
        }
        return ExitCodes.Ok;
    }

    private static void Print(string file, ElfFile elf, DwarfData dwarf, DumpOptions options, TextWriter stdout)
    {
        stdout.WriteLine($"{file}:\tELF{(elf.Is64 ? 64 : 32)} {(elf.BigEndian ? "big" : "little")}-endian {Machine.Name(elf.Machine)}");
        stdout.WriteLine();
        var buffered = new StringWriter();
        new DwarfDumper(dwarf, buffered, options).Dump();
        stdout.Write(buffered.ToString());
    }

    private static void PrintStats(string file, DwarfData dwarf, int jobs, TextWriter stdout)
    {
        var clock = Stopwatch.StartNew();
        var stats = DwarfWalk.Run(dwarf, jobs);
        clock.Stop();
        stdout.WriteLine($"{file}: {stats.Units} units, {stats.Dies} DIEs (+{stats.NullEntries} null entries), {stats.Attributes} attributes, checksum {stats.Checksum:x16}; walked in {clock.Elapsed.TotalSeconds:F3} s on {jobs} threads");
    }
}
