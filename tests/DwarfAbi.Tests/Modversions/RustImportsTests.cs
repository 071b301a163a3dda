using DwarfAbi.Elf;
using DwarfAbi.Tests.Support;

namespace DwarfAbi.Tests.Modversions;

/// <summary>
/// Debian unstable's Rust-enabled Linux 7.2 (fetched by bench/fetch-debian-7.2.sh) ships without
/// MODVERSIONS. Its Rust modules import Rust-mangled kernel symbols of up to 104 bytes: their
/// CRCs come from the vmlinux's DWARF, the tables are written (long names only in the extended
/// ones), linked into the module, and the loader's check accepts them until one CRC changes.
/// </summary>
[Trait("Category", "RealKernel")]
public sealed class RustImportsTests
{
    private static readonly string Vmlinux = DebianKernel72.Vmlinux;
    private static readonly string Phy = Path.Combine(DebianKernel72.Modules, "drivers", "net", "phy");
    private static readonly string[] Modules = ["ax88796b_rust", "qt2025"];

    private static readonly Lazy<(List<string> Imports, string Symvers)> Versions = new(ComputeVersions);

    public sealed class Debian72FactAttribute : FactAttribute
    {
        public Debian72FactAttribute()
        {
            if (DebianKernel72.Missing(Vmlinux) is { } missing)
                Skip = missing;
            else if (!Tool.Exists("ld"))
                Skip = "not installed: ld";
        }
    }

    private static List<string> Imports(string module)
    {
        using var elf = ElfFile.Open(Path.Combine(Phy, module + ".ko"));
        return [.. elf.Symbols.Symbols.Where(s => !s.IsDefined && s.Name.Length > 0).Select(s => s.Name)];
    }

    private static (List<string>, string) ComputeVersions()
    {
        var imports = Modules.SelectMany(Imports).Distinct().Order(StringComparer.Ordinal).ToList();
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int rc = global::DwarfAbi.Cli.Program.Run(["gendwarfksyms", Vmlinux], new StringReader(string.Join('\n', imports) + "\n"), stdout, stderr);
        Assert.True(rc == 0, stderr.ToString());
        Assert.DoesNotContain("no information", stderr.ToString());
        return (imports, stdout.ToString());
    }

    /// <summary>The kernel's own gendwarfksyms gave these versions for the same list (see the README there).</summary>
    [Debian72Fact]
    public void VersionsEqualTheKernelToolsOnTheSameVmlinux()
    {
        string reference = DebianKernel72.References;
        var (imports, symvers) = Versions.Value;
        Assert.Equal(File.ReadAllLines(Path.Combine(reference, "rust-imports.syms")), imports);
        Assert.Equal(File.ReadAllText(Path.Combine(reference, "rust-imports.symvers")), symvers);
    }

    [Debian72Fact]
    public void EveryRustImportGetsAVersionFromTheVmlinuxDwarf()
    {
        var (imports, symvers) = Versions.Value;
        var lines = symvers.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(imports, lines.Select(l => l.Split(' ')[1]).Order(StringComparer.Ordinal));
        Assert.Contains(imports, n => n.Length > 55);
        Assert.True(imports.Max(n => n.Length) <= 104);
    }

    [Debian72Fact]
    public void WrittenTablesLoadAndAnAlteredCrcIsNamed()
    {
        var (_, symvers) = Versions.Value;
        string dir = Directory.CreateTempSubdirectory("dwarfabi-rust72-").FullName;
        try
        {
            string kernelSymvers = Path.Combine(dir, "kernel.symvers");
            string versions = Path.Combine(dir, "vmlinux.symver");
            File.WriteAllText(versions, symvers);
            File.WriteAllLines(kernelSymvers, symvers.Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(l => l.Split(' ')).Select(c => $"{c[2]}\t{c[1]}\tvmlinux\tEXPORT_SYMBOL\t"));
            foreach (string module in Modules)
            {
                string obj = Path.Combine(dir, module + ".o");
                File.Copy(Path.Combine(Phy, module + ".ko"), obj);
                // The kernel has no module_layout (MODVERSIONS is off in its build): -w lets it go.
                var write = Tool.RunCli("modversions", "write", "-k", kernelSymvers, "-b", "-x", "-w", "--object", obj);
                Assert.True(write.ExitCode == 0, write.Stderr);
                string ko = Path.Combine(dir, module + ".ko");
                Tool.Output("ld", "-r", obj, Path.Combine(dir, module + ".modversions.o"), "-o", ko);

                var show = Tool.RunCli("modversions", "show", "--table", "all", ko);
                Assert.Equal(0, show.ExitCode);
                foreach (var columns in show.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('\t')))
                    Assert.Equal(columns[1].Length > 55 ? "ext" : "versions,ext", columns[2]);

                var check = Tool.RunCli("modversions", "check", "--kernel", versions, ko);
                Assert.True(check.ExitCode == 0, check.Stdout + check.Stderr);

                string victim = Imports(module).First(n => n.Length > 55);
                string altered = Path.Combine(dir, "altered.symver");
                File.WriteAllText(altered, string.Join('\n', symvers.Split('\n').Select(l =>
                    l.StartsWith($"#SYMVER {victim} ", StringComparison.Ordinal) ? $"#SYMVER {victim} 0x{Convert.ToUInt32(l[^8..], 16) ^ 1:x8}" : l)));
                var broken = Tool.RunCli("modversions", "check", "--kernel", altered, ko);
                Assert.Equal(1, broken.ExitCode);
                Assert.Contains(victim, broken.Stdout);
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
