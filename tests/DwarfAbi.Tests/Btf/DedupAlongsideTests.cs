using DwarfAbi.Btf;
using DwarfAbi.Btf.FromDwarf;
using DwarfAbi.Dwarf;
using DwarfAbi.Elf;
using DwarfAbi.Tests.Support;

namespace DwarfAbi.Tests.Btf;

/// <summary>
/// Dedup run alongside the encoding (<see cref="Dedup.Begin"/>, <see cref="Dedup.Advance"/> after
/// each unit, <see cref="Dedup.Finish"/>) gives what <see cref="Dedup.Run"/> gives on the whole.
/// </summary>
public class DedupAlongsideTests
{
    /// <summary>
    /// Three units: an enum forward declaration, then two different definitions of the enum, each
    /// with a struct that points to it. The first definition re-points the declaration after pass
    /// 2 has walked it, the second re-points it again, which a dedup alongside cannot know
    /// beforehand: it starts over.
    /// </summary>
    private static BtfData TwoDefinitionsAfterADeclaration(BtfData btf, Action? afterUnit) => Definitions(btf, afterUnit, 2);

    /// <summary>An enum forward declaration and <paramref name="definitions"/> different definitions, one unit each.</summary>
    private static BtfData Definitions(BtfData btf, Action? afterUnit, int definitions)
    {
        var b = new BtfBuilder(btf);
        void Unit(Func<uint> addEnum)
        {
            uint i = b.AddInt("int", 4, BtfConstants.IntSigned);
            uint e = addEnum();
            uint p = b.AddModifier(BtfKind.Ptr, e);
            b.AddComposite(false, "holder", 16, [new("e", p, 0, 0), new("n", i, 64, 0)]);
            afterUnit?.Invoke();
        }
        Unit(() => b.AddEnum("e", 4, []));
        for (int d = 1; d <= definitions; d++)
            Unit(() => b.AddEnum("e", 4, [new($"V{d}", d)]));
        return btf;
    }

    [Fact]
    public void AnEnumDeclarationRepointedOnceNeedsNoNewStart()
    {
        // Debian 6.1's vmlinux has one such declaration, re-pointed halfway through its units.
        var expected = BtfWriter.Write(Dedup.Run(Definitions(new BtfData(), null, 1)));
        var btf = new BtfData();
        var dedup = Dedup.Begin(btf);
        Definitions(btf, dedup.Advance, 1);
        Assert.Equal(expected, BtfWriter.Write(dedup.Finish()));
        Assert.False(dedup.StartedOver);
    }

    [Fact]
    public void AnEnumDeclarationRepointedTwiceGivesTheWholeRunsResult()
    {
        var expected = BtfWriter.Write(Dedup.Run(TwoDefinitionsAfterADeclaration(new BtfData(), null)));
        var btf = new BtfData();
        var dedup = Dedup.Begin(btf);
        TwoDefinitionsAfterADeclaration(btf, dedup.Advance);
        Assert.Equal(expected, BtfWriter.Write(dedup.Finish()));
        Assert.True(dedup.StartedOver);
    }

    /// <summary>
    /// Rust units whose bindings are merged into C types after the last unit, in a file whose
    /// .comment section was stripped, so that the encoder learns of Rust only when a unit comes:
    /// its dedup alongside is abandoned and the result is still the dedup after the encoding.
    /// </summary>
    [Fact]
    public void RustUnitsUnannouncedByTheCommentSectionGiveTheSameBtf()
    {
        string stripped = BtfFiles.TempFile(".o");
        try
        {
            var objcopy = Tool.Run("objcopy", ["--remove-section=.comment", Path.Combine(Repo.Fixtures, "mixed", "rust-c-bindings.o"), stripped]);
            Assert.True(objcopy.ExitCode == 0, objcopy.Stderr);
            using var elf = ElfFile.Open(stripped);
            Assert.Null(elf.FindSection(".comment"));
            var dwarf = DwarfData.FromElf(elf);
            var options = new EncoderOptions { Jobs = 1 };
            var after = BtfWriter.Write(Dedup.Run(Encoder.Encode(elf, dwarf, options)));
            Assert.Equal(after, BtfWriter.Write(Encoder.EncodeDeduplicated(elf, dwarf, options)));
        }
        finally
        {
            File.Delete(stripped);
        }
    }

    /// <summary>
    /// Eighteen units of gcc and clang, DWARF 3 to 5, -O0 and -O2, in one object by <c>ld -r</c>:
    /// the dedup alongside gives the bytes of the dedup after, for one worker (one unit per step)
    /// and two, and both equal pahole's.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void LinkedUnitsGiveTheSameBtfAsDedupAfterAndPahole(int jobs)
    {
        var dirs = new[] { "x86_64-gcc-dwarf4-O2", "x86_64-gcc-dwarf5-O2", "x86_64-clang-dwarf4-O2", "x86_64-clang-dwarf5-O2", "x86_64-gcc-dwarf5-O0", "x86_64-gcc-dwarf3-O0" };
        var inputs = dirs.SelectMany(d => new[] { "main.o", "other.o", "inline.o" }.Select(f => Path.Combine(Repo.Fixtures, d, f)));
        string linked = BtfFiles.TempFile(".o");
        try
        {
            var ld = Tool.Run("ld", ["-r", "--allow-multiple-definition", "-o", linked, .. inputs]);
            Assert.True(ld.ExitCode == 0, ld.Stderr);
            using var elf = ElfFile.Open(linked);
            var dwarf = DwarfData.FromElf(elf);
            Assert.Equal(18, dwarf.Units.Count);
            var options = new EncoderOptions { Jobs = jobs };
            var alongside = BtfWriter.Write(Encoder.EncodeDeduplicated(elf, dwarf, options));
            var after = BtfWriter.Write(Dedup.Run(Encoder.Encode(elf, dwarf, options)));
            Assert.Equal(after, alongside);
            Assert.Equal(BtfFiles.Pahole(linked, "-j1", "--btf_gen_floats"), alongside);
        }
        finally
        {
            File.Delete(linked);
        }
    }
}
