using DwarfAbi.AbiDiff;
using DwarfAbi.Tests.Symvers;

namespace DwarfAbi.Tests.AbiDiff;

/// <summary>Symtypes files as diff inputs: every reference line parses, and versions recomputed from a file match the reference tool's.</summary>
public sealed class SymtypesInputTests
{
    public static TheoryData<string, string, string> Files()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var (variant, name) in SymversOracle.Objects)
        {
            data.Add(variant, name, "symtypes");
            data.Add(variant, name, "stable.symtypes");
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Reference_symtypes_parse_and_give_the_reference_versions(string variant, string name, string extension)
    {
        string symtypes = SymversOracle.PathOf(variant, name, extension);
        var entries = AbiScope.ParseLines(File.ReadAllLines(symtypes), symtypes);
        foreach (var (key, text) in entries)
            Assert.Equal(text, TypeTextParser.Parse(key, text).Text);

        var unit = AbiUnit.FromSymtypes(symtypes, symtypes, entries);
        var reference = File.ReadAllLines(SymversOracle.PathOf(variant, name, extension.Replace("symtypes", "symvers", StringComparison.Ordinal)))
            .Select(l => l.Split(' ')).ToDictionary(f => f[1], f => f[2]);
        foreach (var export in unit.Exports)
            Assert.Equal(reference[export.Name], $"0x{export.Crc:x8}");
    }

    [Fact]
    public void Symtypes_files_diff_like_the_objects_they_came_from()
    {
        string Of(string v) => SymversOracle.PathOf("gcc-dwarf5-O2", "abi_fieldtype_" + v, "symtypes");
        var (rc, fromFiles) = DiffCli.Json("diff", "--json", Of("v1"), Of("v2"));
        var (_, fromObjects) = DiffCli.Pair("gcc-dwarf5-O2", "abi_fieldtype", stable: false);
        Assert.Equal(3, rc);
        Assert.Equal(fromObjects.GetProperty("causes").ToString(), fromFiles.GetProperty("causes").ToString());
    }

    [Fact]
    public void A_parameter_name_that_disappears_is_the_cause()
    {
        string old = DiffCli.TempFile("f subprogram ( formal_parameter base_type int byte_size(4) encoding(5) first ) -> base_type void\n");
        string @new = DiffCli.TempFile("f subprogram ( formal_parameter base_type int byte_size(4) encoding(5) ) -> base_type void\n");
        var (rc, stdout, _) = DiffCli.Run("diff", old, @new);
        Assert.Equal(3, rc);
        Assert.Contains("parameter first: name first → none", stdout);
        File.Delete(old);
        File.Delete(@new);
    }

    [Fact]
    public void Stable_needs_both_views()
    {
        string file = SymversOracle.PathOf("gcc-dwarf5-O2", "abi_fieldtype_v1", "symtypes");
        var (rc, _, stderr) = DiffCli.Run("diff", "--stable", file, file);
        Assert.Equal(1, rc);
        Assert.Contains("--stable needs objects", stderr);
    }

    [Fact]
    public void Malformed_symtypes_line_names_file_and_line()
    {
        string bad = DiffCli.TempFile("s#x structure_type x { } byte_size(1)\nnospace\n");
        var (rc, _, stderr) = DiffCli.Run("diff", bad, bad);
        Assert.Equal(1, rc);
        Assert.Equal($"dwarfabi: error: {bad}: line 2: not a symtypes line (KEY TEXT)\n", stderr);
        File.Delete(bad);
    }

    [Fact]
    public void Unparsable_type_string_is_an_error_naming_the_key()
    {
        string good = DiffCli.TempFile("f subprogram ( formal_parameter base_type int byte_size(4) encoding(5) x ) -> base_type void\n");
        string bad = DiffCli.TempFile("f subprogram ( formal_parameter base_type int byte_size(4) x\n");
        var (rc, _, stderr) = DiffCli.Run("diff", good, bad);
        Assert.Equal(1, rc);
        Assert.Equal($"dwarfabi: error: {bad}: cannot parse the type string of 'f': unexpected end of text\n", stderr);
        File.Delete(good);
        File.Delete(bad);
    }
}
