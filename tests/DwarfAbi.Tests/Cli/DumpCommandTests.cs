using DwarfAbi.Tests.Support;

namespace DwarfAbi.Tests.Cli;

/// <summary>The dump command's options, filters and failures, as a user sees them.</summary>
public class DumpCommandTests
{
    private static readonly string Types = Path.Combine(Repo.Fixtures, "x86_64-gcc-dwarf5-O2", "types.o");

    [Fact]
    public void DieFilterPrintsThatDieAndItsChildrenOnly()
    {
        var all = Tool.RunCli("dump", Types);
        Assert.Equal(0, all.ExitCode);
        // The first structure in the unit, with its members.
        string header = all.Stdout.Split('\n').First(l => l.EndsWith("DW_TAG_structure_type", StringComparison.Ordinal));
        string offset = header[..10];

        var one = Tool.RunCli("dump", "--die", offset, Types);
        Assert.Equal(0, one.ExitCode);
        var tags = one.Stdout.Split('\n').Where(l => l.StartsWith("0x", StringComparison.Ordinal) && l.Contains(": ")).Skip(1).ToList();
        Assert.StartsWith(offset + ":   DW_TAG_structure_type", tags[0]);
        Assert.All(tags.Skip(1), t => Assert.True(t.Contains("DW_TAG_member") || t.Contains("NULL"), t));
    }

    [Fact]
    public void UnitFilterSelectsOneUnit()
    {
        string typeUnits = Path.Combine(Repo.Fixtures, "x86_64-gcc-dwarf4-types-O2", "types.o");
        var r = Tool.RunCli("dump", "--unit", "0x0", typeUnits);
        Assert.Equal(0, r.ExitCode);
        Assert.Single(r.Stdout.Split('\n'), l => l.Contains("Compile Unit:"));
    }

    [Fact]
    public void StatsCountsWhatTheDumpShows()
    {
        var dump = Tool.RunCli("dump", Types);
        int dies = dump.Stdout.Split('\n').Count(l => l.Contains(": ") && l.TrimEnd().Contains("DW_TAG_"));
        var stats = Tool.RunCli("dump", "--stats", Types);
        Assert.Equal(0, stats.ExitCode);
        Assert.Contains($" {dies} DIEs", stats.Stdout);
        Assert.Matches("checksum [0-9a-f]{16};", stats.Stdout);
    }

    [Fact]
    public void NotAnElfFileIsACleanError()
    {
        string path = Path.GetTempFileName();
        File.WriteAllText(path, "hello, world");
        try
        {
            var r = Tool.RunCli("dump", path);
            Assert.Equal(1, r.ExitCode);
            Assert.Equal($"dwarfabi: error: {path}: not an ELF file (bad magic) (at 0x0)\n", r.Stderr);
            Assert.Empty(r.Stdout);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void ObjectWithoutDwarfIsACleanError()
    {
        string path = Path.GetTempFileName();
        try
        {
            Tool.Output("objcopy", "--strip-debug", Types, path);
            var r = Tool.RunCli("dump", path);
            Assert.Equal(1, r.ExitCode);
            Assert.Contains("no DWARF", r.Stderr);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void MissingFileAndBadOptionsAreReported()
    {
        var missing = Tool.RunCli("dump", "/nonexistent/x.o");
        Assert.Equal(1, missing.ExitCode);
        Assert.StartsWith("dwarfabi: error: /nonexistent/x.o: cannot open", missing.Stderr);

        var unknown = Tool.RunCli("dump", "--frobnicate", Types);
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("unknown option '--frobnicate'", unknown.Stderr);

        var none = Tool.RunCli("dump");
        Assert.Equal(2, none.ExitCode);
    }

    [Fact]
    public void HelpListsTheOptions()
    {
        var r = Tool.RunCli("dump", "--help");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("--die", r.Stdout);
        Assert.Contains("--stats", r.Stdout);
    }
}
