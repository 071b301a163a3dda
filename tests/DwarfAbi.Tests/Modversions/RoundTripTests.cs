using DwarfAbi.Elf;
using DwarfAbi.Modversions;
using Xunit;

namespace DwarfAbi.Tests.Modversions;

/// <summary>
/// The C that <c>write</c> produces, compiled by the real (cross) compilers, reads back as the
/// same tables; and the object <c>write</c> produces itself has the sections gcc made.
/// </summary>
public sealed class RoundTripTests
{
    public static IEnumerable<object[]> TableCases() =>
        ModpostOracle.Cases().Where(c => ((string)c[0]).Split('/')[1] is "basic" or "ext" or "both");

    [RequiresToolsTheory("x86_64-linux-gnu-gcc", "i686-linux-gnu-gcc", "arm-linux-gnueabihf-gcc", "s390x-linux-gnu-gcc")]
    [MemberData(nameof(TableCases))]
    public void CompiledModCReadsBackAndMatchesOurObject(string name)
    {
        var oracle = new ModpostOracle(name);
        using var tmp = new TempDir();
        foreach (var output in oracle.RunOurs().Modules.Where(o => o.ModC is not null))
        {
            string modname = output.Module.BaseName;
            string source = tmp.File(modname + ".mod.c"), compiled = tmp.File(modname + ".mod.o");
            File.WriteAllText(source, output.ModC);
            var (rc, stderr) = ExternalTools.CompileModC(oracle.Arch, source, compiled, modname);
            if (output.Extended is { Count: 0 })
            {
                // modpost's empty names initializer is not C; gcc must refuse it as it did for the oracle.
                Assert.NotEqual(0, rc);
                continue;
            }
            Assert.True(rc == 0, stderr);

            using var gcc = ElfFile.Open(compiled);
            var read = ModuleVersions.Read(gcc);
            Assert.Equal(output.Versions, read.Versions);
            Assert.Equal(output.Extended, read.Extended);
            int nameField = VersionTableNames.NameFieldSize(gcc.Is64);
            Assert.All(read.Versions ?? [], e => Assert.True(e.Name.Length < nameField, e.Name));
            if (read.Extended is not null && read.Versions is not null)
                Assert.Equal(read.Extended.Where(e => e.Name.Length >= nameField), read.Extended.Except(read.Versions));

            string ours = tmp.File(modname + ".modversions.o");
            File.WriteAllBytes(ours, VersionSectionsEncoder.Object(output.Module.Target, output.Versions, output.Extended));
            using var own = ElfFile.Open(ours);
            AssertSameSections(gcc, own);
        }
    }

    private static void AssertSameSections(ElfFile gcc, ElfFile own)
    {
        Assert.Equal((gcc.Is64, gcc.BigEndian, gcc.Machine, ElfTarget.Of(gcc).Flags), (own.Is64, own.BigEndian, own.Machine, ElfTarget.Of(own).Flags));
        foreach (string section in new[] { VersionTableNames.Versions, VersionTableNames.ExtCrcs, VersionTableNames.ExtNames })
        {
            var g = gcc.FindSection(section);
            var o = own.FindSection(section);
            Assert.Equal(g is null, o is null);
            if (g is null || o is null)
                continue;
            Assert.Equal(g.Type, o.Type);
            Assert.Equal(g.Flags & SectionFlags.Alloc, o.Flags & SectionFlags.Alloc);
            Assert.Equal(gcc.RawData(g).ToArray(), own.RawData(o).ToArray());
            Assert.True(g.AddressAlign % o.AddressAlign == 0, $"{section}: gcc aligns to {g.AddressAlign}, ours to {o.AddressAlign}");
        }
    }
}
