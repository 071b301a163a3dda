using DwarfAbi.Btf;
using DwarfAbi.Tests.Support;

namespace DwarfAbi.Tests.Btf;

/// <summary>The btf command as a user sees it: determinism, embedding, dump, check and errors.</summary>
public class BtfCommandTests
{
    private static readonly string Linked = Path.Combine("tests", "fixtures", "obj", "linked", "prog");

    [Fact]
    public void OutputIsTheSameForAnyNumberOfThreads()
    {
        var one = BtfFiles.Ours(Linked, "-j", "1").Bytes;
        var four = BtfFiles.Ours(Linked, "-j", "4").Bytes;
        var again = BtfFiles.Ours(Linked, "-j", "4").Bytes;
        Assert.NotNull(one);
        Assert.Equal(one, four);
        Assert.Equal(one, again);
    }

    [Fact]
    public void AnOutputInAMissingDirectoryIsAClearError()
    {
        string output = Path.Combine(Path.GetTempPath(), $"dwarfabi-missing-{Guid.NewGuid():N}", "out.btf");
        var r = Tool.RunCli("btf", Path.Combine(Repo.Root, Linked), "-o", output);
        Assert.Equal(1, r.ExitCode);
        Assert.Equal($"dwarfabi: error: {output}: cannot write: its directory does not exist\n", r.Stderr);
    }

    [Fact]
    public void TimingsGoToStderrAndLeaveTheOutputAlone()
    {
        var (plain, _) = BtfFiles.Ours(Linked);
        var (timed, stderr) = BtfFiles.Ours(Linked, "--timings");
        Assert.Equal(plain, timed);
        Assert.Matches(@"btf: encoded and deduplicated 2 units to \d+ types in \d+\.\d\d s \(heap \d+ MiB", stderr);
        Assert.Matches(@"btf: wrote \d+ bytes in", stderr);
    }

    [Theory]
    [MemberData(nameof(BtfFiles.CObjectData), MemberType = typeof(BtfFiles))]
    public void RawDumpEqualsBpftool(string obj)
    {
        Assert.True(Tool.Exists("bpftool"), "bpftool (Debian package bpftool) is required; ./setup.sh installs it");
        var bytes = BtfFiles.Ours(obj).Bytes;
        if (bytes is null)
            return;
        string f = BtfFiles.TempFile(".btf");
        File.WriteAllBytes(f, bytes);
        try
        {
            string expected = Tool.Output("bpftool", "btf", "dump", "file", f, "format", "raw");
            var ours = Tool.RunCli("btf", "dump", f);
            Assert.Equal(0, ours.ExitCode);
            Assert.Equal(expected, ours.Stdout);
        }
        finally
        {
            File.Delete(f);
        }
    }

    [Theory]
    [MemberData(nameof(BtfFiles.CObjectData), MemberType = typeof(BtfFiles))]
    public void EveryOutputPassesTheValidator(string obj)
    {
        var bytes = BtfFiles.Ours(obj).Bytes;
        if (bytes is null)
            return;
        bool is32 = obj.Contains("arm-") || obj.Contains("i686-");
        var problems = Validator.Validate(bytes, null, is32 ? 4 : 8);
        // pahole 1.24 leaves _Atomic members as void, which the kernel's full check rejects; that is
        // the only problem a faithful encoding may carry.
        Assert.All(problems, p => Assert.Contains("has an unsized type", p));
    }

    [Fact]
    public void EmbedWritesAnElfWhoseBtfSectionIsTheRawOutput()
    {
        string output = BtfFiles.TempFile(".o");
        try
        {
            var raw = BtfFiles.Ours(Linked).Bytes!;
            var r = Tool.RunCli("btf", Path.Combine(Repo.Root, Linked), "-o", output, "--embed");
            Assert.Equal(0, r.ExitCode);
            Assert.Equal(raw, BtfReader.LoadBytes(output));
            Assert.Equal(Tool.Output("bpftool", "btf", "dump", "file", output), Tool.RunCli("btf", "dump", output).Stdout);
            // Embedding twice replaces the section instead of adding a second one.
            var again = Tool.RunCli("btf", output, "-o", output + "2", "--embed");
            Assert.Equal(0, again.ExitCode);
            Assert.Equal(raw, BtfReader.LoadBytes(output + "2"));
        }
        finally
        {
            File.Delete(output);
            File.Delete(output + "2");
        }
    }

    [Fact]
    public void CheckReportsValidBtf()
    {
        var bytes = BtfFiles.Ours(Linked).Bytes!;
        string f = BtfFiles.TempFile(".btf");
        File.WriteAllBytes(f, bytes);
        try
        {
            var r = Tool.RunCli("btf", "check", f);
            Assert.Equal(0, r.ExitCode);
            Assert.Contains("valid BTF", r.Stdout);
        }
        finally
        {
            File.Delete(f);
        }
    }

    [Fact]
    public void BadInputIsAnErrorNamingTheFile()
    {
        string f = BtfFiles.TempFile(".btf");
        File.WriteAllBytes(f, [1, 2, 3, 4, 5]);
        try
        {
            var r = Tool.RunCli("btf", "dump", f);
            Assert.Equal(1, r.ExitCode);
            Assert.StartsWith($"dwarfabi: error: {f}: ", r.Stderr);
            var enc = Tool.RunCli("btf", f, "-o", f + ".out");
            Assert.Equal(1, enc.ExitCode);
            Assert.Contains(f, enc.Stderr);
        }
        finally
        {
            File.Delete(f);
        }
    }
}
