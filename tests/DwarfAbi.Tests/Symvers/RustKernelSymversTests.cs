using System.IO.Compression;
using DwarfAbi.Dwarf;
using DwarfAbi.Elf;
using DwarfAbi.Symvers;
using DwarfAbi.Tests.Support;

namespace DwarfAbi.Tests.Symvers;

/// <summary>
/// <c>dwarfabi gendwarfksyms</c> on the Rust of a real kernel against the kernel's own
/// scripts/gendwarfksyms: Debian's Linux 7.2 (<c>CONFIG_RUST=y</c>), the Rust-mangled exports of
/// its vmlinux and every export of <c>drm.ko</c>, the one module with both Rust units and
/// exports. The reference outputs and how they were made are in
/// <c>TestData/realkernel/debian-7.2.13/README.md</c>.
/// </summary>
[Trait("Category", "RealKernel")]
public sealed class RustKernelSymversTests
{
    private const ushort LangRust = 0x1c;
    private static readonly string Drm = Path.Combine(DebianKernel72.Modules, "drivers", "gpu", "drm", "drm.ko");

    public sealed class Debian72ObjectFactAttribute : FactAttribute
    {
        public Debian72ObjectFactAttribute(string which)
        {
            Skip = DebianKernel72.Missing(which == "vmlinux" ? DebianKernel72.Vmlinux : Drm);
        }
    }

    [Debian72ObjectFact("vmlinux")]
    public void RustExportsOfTheVmlinux()
    {
        var exports = Exports(DebianKernel72.Vmlinux).Where(n => n.StartsWith("_R", StringComparison.Ordinal));
        Compare("vmlinux-rust", DebianKernel72.Vmlinux, exports);
    }

    [Debian72ObjectFact("drm")]
    public void EveryExportOfDrmWithItsRustUnits()
    {
        using (var elf = ElfFile.Open(Drm))
            Assert.Contains(DwarfData.FromElf(elf).Units, u => !u.Root.IsNull && u.Root.Constant(DwAt.Language) == LangRust);
        Compare("drm", Drm, Exports(Drm));
    }

    private static IEnumerable<string> Exports(string path)
    {
        using var elf = ElfFile.Open(path);
        var (source, names) = ExportFinder.Find(elf);
        Assert.Equal(ExportSource.KsymtabSymbols, source);
        return [.. names];
    }

    /// <summary>The recorded list is the object's exports; with it, stdout and the symtypes file equal the reference's.</summary>
    private static void Compare(string name, string obj, IEnumerable<string> exports)
    {
        var syms = File.ReadAllLines(Reference(name + ".syms"));
        Assert.Equal(exports.Order(StringComparer.Ordinal), syms);

        string symtypes = Path.Combine(Path.GetTempPath(), $"dwarfabi-{name}-{Guid.NewGuid():N}.symtypes");
        try
        {
            var run = SymversOracle.Cli(["gendwarfksyms", "--symtypes", symtypes, obj], string.Join('\n', syms) + "\n");
            Assert.Equal((0, ""), (run.ExitCode, run.Stderr));
            Assert.Equal(File.ReadAllText(Reference(name + ".symvers")), run.Stdout);
            Assert.Equal(syms.Length, run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
            using var gz = new GZipStream(File.OpenRead(Reference(name + ".symtypes.gz")), CompressionMode.Decompress);
            Assert.Equal(new StreamReader(gz).ReadToEnd(), File.ReadAllText(symtypes));
        }
        finally
        {
            File.Delete(symtypes);
        }
    }

    private static string Reference(string file) => Path.Combine(DebianKernel72.References, file);
}
