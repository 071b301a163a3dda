using DwarfAbi.AbiDiff;
using DwarfAbi.Tests.Support;
using DwarfAbi.Tests.Symvers;

namespace DwarfAbi.Tests.AbiDiff;

/// <summary>
/// Directories of objects as diff sides: the two revisions of the miniature build tree in
/// <c>tests/fixtures/buildtree</c> (see its build.sh for the layout and src/bt.h for what
/// revision 2 changes), and a directory of oracle objects.
/// </summary>
public sealed class BuildTreeInputTests
{
    private static string Tree(int revision) => Path.Combine(Repo.Root, "tests", "fixtures", "buildtree", "out", $"v{revision}");

    [Fact]
    public void A_build_tree_is_its_vmlinux_and_modules_each_once()
    {
        Assert.Equal(["vmlinux", "drivers/bt/bt_drv.ko", "fs/bt_fs.ko", "lib/bt_helper.ko"], ObjectSet.Find(Tree(1)));
    }

    [Fact]
    public void A_link_to_an_object_outside_the_directory_stands_for_it()
    {
        Assert.Equal(["vmlinux"], ObjectSet.Find(Path.Combine(Tree(1), "modules")));
    }

    [Fact]
    public void Each_object_exports_what_nm_lists_and_objects_without_exports_are_left_out()
    {
        var snapshot = ObjectSet.Load(Tree(1), stable: false, jobs: 2);
        Assert.Equal(["vmlinux", "drivers/bt/bt_drv.ko", "fs/bt_fs.ko"], snapshot.Units.Select(u => u.Source));
        foreach (var unit in snapshot.Units)
            Assert.Equal(NmExports(Path.Combine(Tree(1), unit.Source)), unit.Exports.Select(e => e.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Two_build_trees_diff_with_the_widened_member_as_the_cause_of_vmlinux_and_module_exports()
    {
        var (rc, report) = DiffCli.Json("diff", "--json", Tree(1), Tree(2));
        Assert.Equal(3, rc);
        Assert.Equal(["bt_fs_sync"], DiffCli.Strings(report.GetProperty("added")));
        Assert.Equal(["bt_fs_old"], DiffCli.Strings(report.GetProperty("removed")));
        var changed = report.GetProperty("changed").EnumerateArray().ToList();
        Assert.Equal(["bt_dev_id", "bt_drv_probe"], changed.Select(c => c.GetProperty("symbol").GetString()));
        Assert.All(changed, c => Assert.Equal(["s#bt_dev"], DiffCli.Strings(c.GetProperty("causes"))));
        var cause = Assert.Single(report.GetProperty("causes").EnumerateArray());
        Assert.Equal(["bt_dev_id", "bt_drv_probe"], cause.GetProperty("symbols").EnumerateArray().Select(s => s.GetProperty("symbol").GetString()));
        Assert.Contains(cause.GetProperty("changes").EnumerateArray(), c =>
            DiffCli.Strings(c.GetProperty("path")) is ["member flags"] && c.GetProperty("new").GetString()!.Contains("long unsigned int", StringComparison.Ordinal));
    }

    [Fact]
    public void Snapshots_of_build_trees_diff_like_the_trees_and_do_not_depend_on_the_jobs()
    {
        string old = Snapshot(Tree(1), "1"), @new = Snapshot(Tree(2), "4");
        try
        {
            Assert.Equal(File.ReadAllText(old), File.ReadAllText(Snapshot(Tree(1), "1", old + ".again")));
            Assert.Equal(File.ReadAllText(old), File.ReadAllText(Snapshot(Tree(1), "3", old + ".again")));
            var (_, fromSnapshots) = DiffCli.Json("diff", "--json", old, @new);
            var (_, fromTrees) = DiffCli.Json("diff", "--json", "-j", "3", Tree(1), Tree(2));
            Assert.Equal(fromTrees.ToString(), fromSnapshots.ToString());
        }
        finally
        {
            File.Delete(old);
            File.Delete(@new);
            File.Delete(old + ".again");
        }
    }

    [Fact]
    public void A_directory_of_relocatable_objects_gives_the_reference_versions()
    {
        string dir = TempDirectory();
        try
        {
            foreach (string name in new[] { "kstyle", "basic" })
                File.Copy(SymversOracle.PathOf("gcc-dwarf5-O2", name, "o"), Path.Combine(dir, name + ".o"));
            File.WriteAllBytes(Path.Combine(dir, "kstyle.mod.o"), [0x7f, (byte)'E', (byte)'L', (byte)'F']);
            var snapshot = ObjectSet.Load(dir, stable: false, jobs: 2);
            // basic.o has no export markers: only kstyle.o exports.
            var unit = Assert.Single(snapshot.Units);
            Assert.Equal("kstyle.o", unit.Source);
            var reference = File.ReadAllLines(SymversOracle.PathOf("gcc-dwarf5-O2", "kstyle", "symvers"))
                .Select(l => l.Split(' ')).ToDictionary(f => f[1], f => f[2]);
            Assert.Equal(reference.Keys.Order(StringComparer.Ordinal), unit.Exports.Select(e => e.Name).Order(StringComparer.Ordinal));
            Assert.All(unit.Exports, e => Assert.Equal(reference[e.Name], $"0x{e.Crc:x8}"));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void A_directory_without_objects_is_an_error_naming_it()
    {
        string dir = TempDirectory();
        File.WriteAllText(Path.Combine(dir, "README"), "no objects\n");
        var (rc, _, stderr) = DiffCli.Run("diff", dir, dir);
        Assert.Equal(1, rc);
        Assert.Equal($"dwarfabi: error: {dir}: no vmlinux, *.ko or *.o objects (and no *.symtypes files) in the directory\n", stderr);
        Directory.Delete(dir, recursive: true);
    }

    [Fact]
    public void A_directory_whose_objects_export_nothing_is_an_error_naming_it()
    {
        string lib = Path.Combine(Tree(1), "lib");
        var (rc, _, stderr) = DiffCli.Run("snapshot", lib);
        Assert.Equal(1, rc);
        Assert.Equal($"dwarfabi: error: {lib}: none of the 1 objects in the directory exports symbols\n", stderr);
    }

    [Fact]
    public void A_damaged_module_is_an_error_naming_the_module()
    {
        string dir = TempDirectory();
        string module = Path.Combine(dir, "broken.ko");
        File.WriteAllBytes(module, [0x7f, (byte)'E', (byte)'L', (byte)'F', 9, 9, 9]);
        var (rc, _, stderr) = DiffCli.Run("snapshot", dir);
        Assert.Equal(1, rc);
        Assert.StartsWith($"dwarfabi: error: {module}: ", stderr);
        Assert.DoesNotContain("   at ", stderr);
        Directory.Delete(dir, recursive: true);
    }

    [Fact]
    public void An_export_list_with_a_directory_is_an_error()
    {
        string list = DiffCli.TempFile("bt_dev_id\n");
        var (rc, _, stderr) = DiffCli.Run("diff", "--exports", list, Tree(1), Tree(2));
        Assert.Equal(1, rc);
        Assert.Contains("an export list applies to one object", stderr);
        File.Delete(list);
    }

    /// <summary>The exports binutils' nm shows: __ksymtab_NAME symbols or __export_symbol_NAME markers.</summary>
    private static List<string> NmExports(string path)
    {
        var names = Tool.Output("nm", path).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ')[^1]).ToList();
        return [.. new[] { "__ksymtab_", "__export_symbol_" }
            .SelectMany(prefix => names.Where(n => n.StartsWith(prefix, StringComparison.Ordinal)).Select(n => n[prefix.Length..]))
            .Order(StringComparer.Ordinal)];
    }

    private static string Snapshot(string tree, string jobs, string? output = null)
    {
        output ??= Path.Combine(Path.GetTempPath(), $"dwarfabi-{Guid.NewGuid():N}.snapshot");
        var (rc, _, stderr) = DiffCli.Run("snapshot", "-j", jobs, "-o", output, tree);
        Assert.True(rc == 0, stderr);
        return output;
    }

    private static string TempDirectory() => Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), $"dwarfabi-{Guid.NewGuid():N}")).FullName;
}
