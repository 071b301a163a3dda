using DwarfAbi.Tests.Support;

namespace DwarfAbi.Tests.Btf;

/// <summary>Fixture objects for BTF tests and the reference encodings pahole makes of them.</summary>
public static class BtfFiles
{
    /// <summary>C objects pahole can read: no Rust units (rustc variants, mixed/rust-c.o), not zstd-compressed (its libdw lacks zstd), not split DWARF, not dwz-compressed (pahole skips partial units).</summary>
    public static IEnumerable<string> CObjects() =>
        Repo.Objects(Repo.Fixtures, "*.o", "prog*")
            .Where(f => !f.Contains("rust") && !f.Contains("zstd") && !f.Contains("-split") && !f.Contains("dwz"));

    public static TheoryData<string> CObjectData() => new(CObjects());

    /// <summary>Objects with Rust units: the rustc fixtures, the mixed Rust and C object, and the gendwarfksyms oracle's Rust objects.</summary>
    public static IEnumerable<string> RustObjects() =>
        Repo.Objects(Repo.Fixtures, "*.o").Where(f => f.Contains("-rustc-") || f.Contains("rust-c"))
            .Concat(Repo.Objects(Path.Combine(Repo.TestData, "symvers", "out"), "*.o").Where(IsOracleRustObject));

    private static bool IsOracleRustObject(string path) =>
        Path.GetFileName(Path.GetDirectoryName(path))!.StartsWith("rust-", StringComparison.Ordinal);

    public static string TempFile(string suffix) => Path.Combine(Path.GetTempPath(), $"dwarfabi-btf-{Guid.NewGuid():N}{suffix}");

    /// <summary>pahole's raw BTF for an object, or null when pahole refuses the object.</summary>
    public static byte[]? Pahole(string obj, params string[] flags)
    {
        string output = TempFile(".btf");
        try
        {
            var r = Tool.Run("pahole", [.. flags, $"--btf_encode_detached={output}", Path.Combine(Repo.Root, obj)]);
            return r.ExitCode == 0 && File.Exists(output) ? File.ReadAllBytes(output) : null;
        }
        finally
        {
            File.Delete(output);
        }
    }

    /// <summary>Our raw BTF for an object, or null with the CLI's error when encoding fails.</summary>
    public static (byte[]? Bytes, string Stderr) Ours(string obj, params string[] flags)
    {
        string output = TempFile(".btf");
        try
        {
            var r = Tool.RunCli(["btf", Path.Combine(Repo.Root, obj), "-o", output, .. flags]);
            return (r.ExitCode == 0 ? File.ReadAllBytes(output) : null, r.Stderr);
        }
        finally
        {
            File.Delete(output);
        }
    }
}
