using Xunit;
using Xunit.Abstractions;

namespace DwarfAbi.Tests.Symvers;

/// <summary>Every oracle object in every mode must give the upstream tool's bytes.</summary>
public sealed class OracleOutputTests(ITestOutputHelper output)
{
    public static TheoryData<string, string, OracleMode> Cases()
    {
        var data = new TheoryData<string, string, OracleMode>();
        foreach (var (variant, name) in SymversOracle.Objects)
        {
            foreach (var mode in Enum.GetValues<OracleMode>())
                data.Add(variant, name, mode);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Output_is_identical_to_the_reference(string variant, string name, OracleMode mode)
    {
        var run = SymversOracle.Run(variant, name, mode);
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(SymversOracle.Expected(variant, name, mode), SymversOracle.Actual(run, mode));
        switch (mode)
        {
            case OracleMode.Plain:
                Assert.Equal(File.ReadAllText(SymversOracle.PathOf(variant, name, "stderr")), run.Stderr);
                break;
            case OracleMode.Stable:
                Assert.Equal(File.ReadAllText(SymversOracle.PathOf(variant, name, "stable.stderr")), run.Stderr);
                break;
            case OracleMode.Symtypes:
            case OracleMode.StableSymtypes:
                // A symtypes run prints the same versions as the run without it.
                Assert.Equal(File.ReadAllText(SymversOracle.PathOf(variant, name, mode == OracleMode.Symtypes ? "symvers" : "stable.symvers")), run.Stdout);
                break;
        }
    }

    [Fact]
    public void Summary_of_identical_outputs()
    {
        var objects = SymversOracle.Objects;
        Assert.Equal(222, objects.Count);
        int total = 0, identical = 0;
        foreach (var mode in Enum.GetValues<OracleMode>())
        {
            int same = objects.Count(o =>
                SymversOracle.Actual(SymversOracle.Run(o.Variant, o.Name, mode), mode) == SymversOracle.Expected(o.Variant, o.Name, mode));
            output.WriteLine($"{mode,-15} {same} of {objects.Count} identical");
            total += objects.Count;
            identical += same;
        }
        output.WriteLine($"{identical} of {total} identical");
        Assert.Equal(total, identical);
    }
}
