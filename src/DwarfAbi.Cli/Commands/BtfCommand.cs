using DwarfAbi.IO;
using System.Diagnostics;
using DwarfAbi.Btf;
using DwarfAbi.Btf.FromDwarf;
using DwarfAbi.Dwarf;
using DwarfAbi.Elf;

namespace DwarfAbi.Cli.Commands;

/// <summary><c>dwarfabi btf</c>: encode BTF from DWARF as <c>pahole -J</c> does; <c>check</c> and <c>dump</c> existing BTF.</summary>
public static class BtfCommand
{
    private static readonly ArgParser EncodeParser = new ArgParser()
        .Value("output", 'o', "write raw BTF to this file")
        .Flag("embed", 'e', "also write a copy of INPUT with a .BTF section to the --output file instead of raw BTF")
        .Value("base", 'b', "encode split BTF on top of this BTF (raw, or an ELF file's .BTF)")
        .Value("jobs", 'j', "threads (default: all cores)")
        .Value("lang-exclude", '\0', "leave out units of these languages, e.g. 'rust' as the kernel build does (default: none)")
        .Flag("timings", '\0', "print on stderr how long encoding with dedup and writing took, and the memory in use after each")
        .Flag("explain", '\0', "list every Rust type, member and function pruned or encoded lossily, with its DWARF offset and why")
        .Flag("no-floats", '\0', "floating-point types as INT (pahole without --btf_gen_floats)")
        .Flag("skip-vars", '\0', "no VAR/DATASEC for per-CPU variables (pahole --skip_encoding_btf_vars)")
        .Flag("skip-enum64", '\0', "8-byte enums as ENUM (pahole --skip_encoding_btf_enum64)")
        .Flag("skip-decl-tags", '\0', "no DECL_TAG for btf_decl_tag annotations (pahole --skip_encoding_btf_decl_tag)")
        .Flag("skip-type-tags", '\0', "no TYPE_TAG for btf_type_tag annotations (pahole --skip_encoding_btf_type_tag)")
        .Flag("help", 'h', "show this help");

    private static readonly ArgParser CheckParser = new ArgParser()
        .Value("base", 'b', "the base BTF of split BTF")
        .Flag("kernel", 'k', "also load the BTF into the running kernel (BPF_BTF_LOAD) and print its verdict")
        .Value("pointer-size", '\0', "pointer size in bytes of the kernel that will load the BTF (default 8)")
        .Flag("help", 'h', "show this help");

    private static readonly ArgParser DumpParser = new ArgParser()
        .Value("base", 'b', "the base BTF of split BTF")
        .Value("format", 'f', "raw (default; as bpftool btf dump ... format raw) or c (a C header, as bpftool's format c)")
        .Flag("help", 'h', "show this help");

    private const string Usage =
        "Usage: dwarfabi btf INPUT -o OUT.btf [options]\n" +
        "       dwarfabi btf check FILE [--base BASE] [--kernel]\n" +
        "       dwarfabi btf dump FILE [--base BASE] [--format raw|c]\n\n" +
        "Encodes the DWARF of INPUT as BTF the way pahole -J does (with the Linux 6.1 build's defaults:\n" +
        "floats as FLOAT, per-CPU variables), deduplicated as libbpf does. Rust units are encoded too, with\n" +
        "the names, layouts and pruning the kernel accepts; --lang-exclude rust leaves them out as pahole does.\n\nOptions:\n";

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr) => args.FirstOrDefault() switch
    {
        "check" => Check(args[1..], stdout),
        "dump" => Dump(args[1..], stdout),
        _ => Encode(args, stdout, stderr),
    };

    private static int Encode(string[] args, TextWriter stdout, TextWriter stderr)
    {
        if (EncodeParser.ParseOrHelp(args, Usage, stdout) is not { } p)
            return ExitCodes.Ok;
        if (p.Positionals.Count != 1)
            throw new UsageException("btf: expected one INPUT file (see 'dwarfabi btf --help')");
        string output = p.Get("output") ?? throw new UsageException("btf: no output file (-o OUT)");
        string input = p.Positionals[0];
        var options = new EncoderOptions
        {
            Floats = !p.Has("no-floats"),
            Vars = !p.Has("skip-vars"),
            Enum64 = !p.Has("skip-enum64"),
            DeclTags = !p.Has("skip-decl-tags"),
            TypeTags = !p.Has("skip-type-tags"),
            ExcludedLanguages = p.Get("lang-exclude") is { } l && l != "none" ? Languages.Parse(l) : new HashSet<ulong>(),
            Jobs = Math.Max(1, (int)(p.GetNumber("jobs") ?? (ulong)Environment.ProcessorCount)),
        };
        var baseBtf = p.Get("base") is { } b ? BtfReader.ReadFile(b) : null;
        BtfData btf;
        var report = p.Has("explain") ? new EncodingReport() : null;
        var clock = Stopwatch.StartNew();
        void Phase(string what)
        {
            if (p.Has("timings"))
                stderr.WriteLine($"btf: {what} in {clock.Elapsed.TotalSeconds:F2} s (heap {GC.GetTotalMemory(false) >> 20} MiB, allocated {GC.GetTotalAllocatedBytes() >> 20} MiB, RSS {Environment.WorkingSet >> 20} MiB)");
            clock.Restart();
        }
        try
        {
            using var elf = ElfFile.Open(input);
            var dwarf = DwarfData.FromElf(elf);
            if (!dwarf.HasDebugInfo)
                throw new DwarfAbiException("no DWARF: the file has no .debug_info section");
            btf = Encoder.EncodeDeduplicated(elf, dwarf, options, baseBtf, report);
            Phase($"encoded and deduplicated {dwarf.Units.Count} units to {btf.Types.Count} types");
        }
        catch (DwarfAbiException e)
        {
            throw e.WithFile(input);
        }
        var bytes = BtfWriter.Write(btf);
        if (p.Has("embed"))
            ElfBtfSection.WriteCopy(input, output, bytes);
        else
            AtomicFile.Write(output, bytes);
        Phase($"wrote {bytes.Length} bytes");
        report?.Write(stdout);
        return ExitCodes.Ok;
    }

    private static int Check(string[] args, TextWriter stdout)
    {
        if (CheckParser.ParseOrHelp(args, Usage, stdout) is not { } p)
            return ExitCodes.Ok;
        if (p.Positionals.Count != 1)
            throw new UsageException("btf check: expected one FILE");
        string file = p.Positionals[0];
        var baseBtf = p.Get("base") is { } b ? BtfReader.ReadFile(b) : null;
        var bytes = BtfReader.LoadBytes(file);
        var problems = Validator.Validate(bytes, baseBtf, (int)(p.GetNumber("pointer-size") ?? 8));
        foreach (var problem in problems)
            stdout.WriteLine($"{file}: {problem}");
        int rc = problems.Count == 0 ? ExitCodes.Ok : ExitCodes.Error;
        if (problems.Count == 0)
            stdout.WriteLine($"{file}: valid BTF");
        if (p.Has("kernel"))
        {
            if (baseBtf is not null)
                throw new UsageException("btf check: --kernel loads standalone BTF only; split BTF cannot be loaded with BPF_BTF_LOAD");
            var verdict = KernelLoader.Load(bytes);
            stdout.WriteLine($"{file}: kernel: {verdict.Summary}");
            if (verdict.Log.Length > 0)
                stdout.Write(verdict.Log.EndsWith('\n') ? verdict.Log : verdict.Log + "\n");
            if (verdict.Outcome != KernelLoader.Outcome.Accepted)
                rc = ExitCodes.Error;
        }
        return rc;
    }

    private static int Dump(string[] args, TextWriter stdout)
    {
        if (DumpParser.ParseOrHelp(args, Usage, stdout) is not { } p)
            return ExitCodes.Ok;
        if (p.Positionals.Count != 1)
            throw new UsageException("btf dump: expected one FILE");
        string format = p.Get("format") ?? "raw";
        if (format is not ("raw" or "c"))
            throw new UsageException($"btf dump: unknown format '{format}' (expected raw or c)");
        var baseBtf = p.Get("base") is { } b ? BtfReader.ReadFile(b) : null;
        var btf = BtfReader.ReadFile(p.Positionals[0], baseBtf);
        var buffered = new StringWriter();
        if (format == "c")
            BtfCDumper.Dump(btf, buffered);
        else
            BtfRawDumper.Dump(btf, buffered);
        stdout.Write(buffered.ToString());
        return ExitCodes.Ok;
    }
}
