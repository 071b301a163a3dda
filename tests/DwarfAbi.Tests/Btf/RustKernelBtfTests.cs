using DwarfAbi.Btf;
using DwarfAbi.Tests.Support;
using Xunit.Abstractions;

namespace DwarfAbi.Tests.Btf;

/// <summary>Skips with the reason when Debian's Rust-enabled Linux 7.2 is not in the cache.</summary>
public sealed class DebianKernel72FactAttribute : FactAttribute
{
    public DebianKernel72FactAttribute()
    {
        if (DebianKernel72.Missing(DebianKernel72.Vmlinux) is { } reason)
            Skip = reason;
    }
}

/// <summary>Skips with the reason when Debian's Rust-enabled Linux 7.2 is not in the cache.</summary>
public sealed class DebianKernel72TheoryAttribute : TheoryAttribute
{
    public DebianKernel72TheoryAttribute()
    {
        if (DebianKernel72.Missing(DebianKernel72.Vmlinux) is { } reason)
            Skip = reason;
    }
}

/// <summary>
/// Debian's Rust-enabled Linux 7.2 encoded with its Rust units and without them: both load into
/// the running kernel, and including Rust loses nothing of the C part, neither a function nor a
/// named type, and adds no second copy of a C struct or union but those --explain lists. Numbers
/// are in bench/results/rust-btf-7.2.md. Run with <c>./test.sh --real-kernel</c>.
/// </summary>
[Trait("Category", "RealKernel")]
public class RustKernelBtfTests(ITestOutputHelper output)
{
    private static readonly string[] WithoutRustFlags = ["--lang-exclude", "rust"];
    private static readonly Lazy<Encoded> WithRustEncoded = new(() => Encode(DebianKernel72.Vmlinux, null));
    private static readonly Lazy<Encoded> WithoutRustEncoded = new(() => Encode(DebianKernel72.Vmlinux, null, WithoutRustFlags));

    private static BtfData WithRust => WithRustEncoded.Value.Btf;
    private static BtfData WithoutRust => WithoutRustEncoded.Value.Btf;

    /// <summary>Our BTF of an object, its bytes and what <c>--explain</c> printed.</summary>
    private sealed record Encoded(BtfData Btf, byte[] Bytes, string Explain);

    /// <summary>Encodes the vmlinux (validated and loaded into the kernel) or, on top of <paramref name="baseBtf"/>, a module (validated).</summary>
    private static Encoded Encode(string input, Encoded? baseBtf, params string[] flags)
    {
        string file = BtfFiles.TempFile(".btf");
        string baseFile = BtfFiles.TempFile(".btf");
        try
        {
            string[] split = [];
            if (baseBtf is not null)
            {
                File.WriteAllBytes(baseFile, baseBtf.Bytes);
                split = ["--base", baseFile];
            }
            var r = Tool.RunCli(["btf", input, "-o", file, "-j2", "--explain", .. split, .. flags]);
            Assert.True(r.ExitCode == 0, r.Stderr);
            var bytes = File.ReadAllBytes(file);
            Assert.Empty(Validator.Validate(bytes, baseBtf?.Btf));
            if (baseBtf is null)
            {
                var verdict = KernelLoader.Load(bytes);
                Assert.True(verdict.Outcome != KernelLoader.Outcome.Rejected, $"{string.Join(' ', flags)}: {verdict.Summary}\n{verdict.Log}");
            }
            return new Encoded(BtfReader.Parse(bytes, baseBtf?.Btf), bytes, r.Stdout);
        }
        finally
        {
            File.Delete(file);
            File.Delete(baseFile);
        }
    }

    [DebianKernel72Fact]
    public void RustAddsTypesAndLosesNoCFunctionOrName()
    {
        var c = Names(WithoutRust);
        var all = Names(WithRust);
        var lost = c.Where(n => !all.Contains(n)).Select(n => $"{BtfKindNames.Name(n.Kind)} {n.Name}").ToList();
        Assert.True(lost.Count == 0, $"{lost.Count} C names lost when Rust is included: {string.Join(", ", lost.Take(50))}");
        Assert.True(WithRust.Types.Count > WithoutRust.Types.Count, "the Rust units added no type");
    }

    /// <summary>
    /// bindgen's stand-ins for incomplete C types would be the definitions BTF dedup resolves the
    /// C forward declarations of the same names to.
    /// </summary>
    [DebianKernel72Fact]
    public void NoBindgenStandInIsLeft()
    {
        var btf = WithRust;
        var standIns = btf.Types.Where(t => t.Kind == BtfKind.Struct && t.Vlen == 1 && t.SizeOrType <= 1
                && btf.Name(t.MemberName(0)) is "_address" or "_unused")
            .Select(t => btf.Name(t.NameOff)).ToList();
        Assert.True(standIns.Count == 0, string.Join(", ", standIns.Take(50)));
    }

    /// <summary>
    /// The Rust bindings re-declare hundreds of C structs; each copy with the C type's size and
    /// member offsets is merged into it, so every C struct and union name occurs as often as
    /// without Rust, except the copies --explain lists as kept apart (in Linux 7.2: ns_common,
    /// whose C union has a member bindgen does not see, and the three namespaces that hold it).
    /// </summary>
    [DebianKernel72Fact]
    public void BindingCopiesOfCTypesAreMergedOrExplained()
    {
        var c = CompositeCounts(WithoutRust);
        var all = CompositeCounts(WithRust);
        var keptApart = WithRustEncoded.Value.Explain.Split('\n')
            .Where(l => l.Contains(": kept apart from the C ", StringComparison.Ordinal))
            .Select(l => l.Split(' ')[2].TrimEnd(':')).ToHashSet(StringComparer.Ordinal);
        var extra = c.Keys.Where(k => all.GetValueOrDefault(k) != c[k])
            .Select(k => $"{BtfKindNames.Name(k.Kind)} {k.Name}: {c[k]} without Rust, {all.GetValueOrDefault(k)} with").ToList();
        output.WriteLine($"{extra.Count} C struct and union names with another count with Rust; {keptApart.Count} binding copies kept apart");
        foreach (string e in extra)
            output.WriteLine("  " + e);
        Assert.True(extra.Count == keptApart.Count, string.Join('\n', extra));
        Assert.All(c.Keys.Where(k => all.GetValueOrDefault(k) != c[k]), k => Assert.Contains(k.Name, keptApart));
    }

    public static TheoryData<string> Modules() => new(DebianKernel72.RustModules);

    /// <summary>
    /// The split BTF of a module adds no copy of a C struct of the base: every struct or union of
    /// a C name (one the Rust-excluded vmlinux BTF has) that duplicates a base type of its kind,
    /// name and size is duplicated the same way without Rust. Before the binding merge, hundreds
    /// were there only with Rust. (Without Rust, our split BTF of these modules still duplicates
    /// some base structs, task_struct among them: see bench/results/rust-btf-7.2.md.)
    /// </summary>
    [DebianKernel72Theory]
    [MemberData(nameof(Modules))]
    public void ModuleSplitAddsNoCopyOfABaseStruct(string module)
    {
        string path = Path.Combine(DebianKernel72.Modules, module);
        var with = Encode(path, WithRustEncoded.Value);
        var without = Encode(path, WithoutRustEncoded.Value, WithoutRustFlags);
        var cNames = CompositeCounts(WithoutRust).Keys.Select(k => k.Name).ToHashSet(StringComparer.Ordinal);
        var withCopies = BaseCopies(with.Btf, cNames);
        var withoutCopies = BaseCopies(without.Btf, cNames);
        output.WriteLine($"{module}: {with.Btf.Types.Count} types with Rust, {without.Btf.Types.Count} without; " +
            $"C structs duplicating the base: {withCopies.Count} with Rust, {withoutCopies.Count} without");
        var added = withCopies.Where(k => !withoutCopies.Contains(k)).ToList();
        Assert.True(added.Count == 0, $"{module}: {string.Join(", ", added)}");
    }

    /// <summary>Named structs and unions of the split part with a name of <paramref name="names"/> and a base type of that kind, name and size.</summary>
    private static HashSet<(BtfKind, string, uint)> BaseCopies(BtfData split, HashSet<string> names)
    {
        var inBase = split.Base!.Types.Where(t => t.IsStructOrUnion && t.NameOff != 0)
            .Select(t => (t.Kind, split.Base.Name(t.NameOff), t.SizeOrType)).ToHashSet();
        return split.Types.Where(t => t.IsStructOrUnion && t.NameOff != 0)
            .Select(t => (t.Kind, split.Name(t.NameOff), t.SizeOrType))
            .Where(k => names.Contains(k.Item2) && inBase.Contains(k)).ToHashSet();
    }

    private static Dictionary<(BtfKind Kind, string Name), int> CompositeCounts(BtfData btf) =>
        btf.Types.Where(t => t.IsStructOrUnion && t.NameOff != 0)
            .CountBy(t => (t.Kind, btf.Name(t.NameOff))).ToDictionary();

    private static HashSet<(BtfKind Kind, string Name)> Names(BtfData btf) =>
        btf.Types.Where(t => t.NameOff != 0).Select(t => (t.Kind, btf.Name(t.NameOff))).ToHashSet();
}
