using DwarfAbi.Btf;
using DwarfAbi.Tests.Support;
using Xunit.Abstractions;

namespace DwarfAbi.Tests.Btf;

/// <summary>
/// BTF of Rust units, on every Rust object we have: the rustc fixtures (DWARF 4 and 5), the mixed
/// Rust and C object and the Rust objects of the gendwarfksyms oracle. The output must pass the
/// validator, be read by bpftool as we read it, load into the running kernel, give every struct
/// and union the byte size of its DIE, and hold every type and function pahole 1.24 writes for the
/// same object with Rust included.
/// </summary>
public class RustBtfTests(ITestOutputHelper output)
{
    public static TheoryData<string> Objects() => new(BtfFiles.RustObjects());

    [Fact]
    public void EveryRustObjectIsTested()
    {
        // rustbtf.o and rustlib.o in DWARF 4 and 5, mixed/rust-c.o and rust-c-bindings.o, and 4 sources x 3 oracle variants.
        Assert.Equal(18, BtfFiles.RustObjects().Count());
    }

    [Theory]
    [MemberData(nameof(Objects))]
    public void PassesTheValidator(string obj)
    {
        var encoding = RustEncoding.Of(obj);
        Assert.Empty(Validator.Validate(encoding.Bytes, null));
    }

    [Theory]
    [MemberData(nameof(Objects))]
    public void BpftoolReadsItAsWeDo(string obj)
    {
        Assert.True(Tool.Exists("bpftool"), "bpftool (Debian package bpftool) is required; ./setup.sh installs it");
        string file = BtfFiles.TempFile(".btf");
        File.WriteAllBytes(file, RustEncoding.Of(obj).Bytes);
        try
        {
            string expected = Tool.Output("bpftool", "btf", "dump", "file", file, "format", "raw");
            Assert.NotEmpty(expected);
            Assert.Equal(expected, Tool.RunCli("btf", "dump", file).Stdout);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [KernelBtfLoadTheory]
    [MemberData(nameof(Objects))]
    public void TheKernelAcceptsIt(string obj)
    {
        var verdict = KernelLoader.Load(RustEncoding.Of(obj).Bytes);
        Assert.True(verdict.Outcome == KernelLoader.Outcome.Accepted, $"{verdict.Summary}\n{verdict.Log}");
    }

    [Theory]
    [MemberData(nameof(Objects))]
    public void EveryStructHasTheByteSizeOfItsDie(string obj)
    {
        var dwarf = DwarfTypeShapes.Read(Path.Combine(Repo.Root, obj));
        var btf = RustEncoding.Of(obj).Btf;
        var problems = new List<string>();
        int checkedTypes = 0;
        for (int i = 0; i < btf.Types.Count; i++)
        {
            var t = btf.Types[i];
            if (!t.IsStructOrUnion)
                continue;
            checkedTypes++;
            if (SizeProblem(btf, t, dwarf.Shapes) is { } problem)
                problems.Add($"[{btf.StartId + i}] {problem}");
        }
        foreach (string zst in dwarf.ZeroSizedBaseTypes)
        {
            if (!btf.Types.Any(t => t.Kind == BtfKind.Struct && t.SizeOrType == 0 && btf.Name(t.NameOff) == zst))
                problems.Add($"zero-sized base type {zst} is not an empty STRUCT of size 0");
        }
        output.WriteLine($"{obj}: {checkedTypes} structs and unions checked against {dwarf.Shapes.Count} DIEs");
        Assert.True(checkedTypes > 0, $"{obj}: no STRUCT or UNION");
        Assert.True(problems.Count == 0, $"{obj}:\n{string.Join('\n', problems)}");
    }

    /// <summary>
    /// The DIEs a STRUCT or UNION can come from have its kernel name (none for anonymous ones),
    /// its kind and at least its named members (the encoder may drop a member, never add one);
    /// its size must be the byte size of one of them. Names alone do not identify a DIE: the
    /// variant structs of every Option are all called Some and None, with the Option's size.
    /// </summary>
    private static string? SizeProblem(BtfData btf, BtfType t, List<DwarfTypeShapes.Shape> shapes)
    {
        string? name = t.NameOff == 0 ? null : btf.Name(t.NameOff);
        var members = Enumerable.Range(0, t.Vlen).Select(m => btf.Name(t.MemberName(m))).Where(n => n.Length > 0).ToHashSet(StringComparer.Ordinal);
        bool isUnion = t.Kind == BtfKind.Union;
        var candidates = shapes.Where(s => s.Name == name && s.IsUnion == isUnion && (s.Members is null || members.IsSubsetOf(s.Members))).ToList();
        string what = $"{BtfKindNames.Name(t.Kind)} '{name ?? "(anon)"}' size={t.SizeOrType} members {{{string.Join(", ", members)}}}";
        if (candidates.Count == 0)
            return $"{what}: no DIE has this name, kind and members";
        if (candidates.Any(c => c.Size == t.SizeOrType))
            return null;
        return $"{what}: DW_AT_byte_size of the DIEs it can come from: " +
            string.Join(", ", candidates.Select(c => $"0x{c.Offset:x}={c.Size}"));
    }

    [Theory]
    [MemberData(nameof(Objects))]
    public void HoldsEveryTypeAndFunctionPaholeWrites(string obj)
    {
        Assert.True(Tool.Exists("pahole"), "pahole (Debian package dwarves) is required; ./setup.sh installs it");
        var dwarf = DwarfTypeShapes.Read(Path.Combine(Repo.Root, obj));
        var ours = NamesByKind(RustEncoding.Of(obj).Btf, kernelNames: false);
        if (PaholeNames(obj, dwarf, out string which) is not { } reference)
        {
            output.WriteLine($"{obj}: {which}");
            return;
        }
        var missing = reference.Where(n => !ours.Contains(n)).ToList();
        output.WriteLine($"{obj}: {reference.Count} names of {which}, {missing.Count} missing from ours");
        Assert.True(reference.Count > 0, $"{obj}: {which} has no named type");
        Assert.True(missing.Count == 0, $"{obj}: missing from ours but in {which}:\n{string.Join('\n', missing)}");
    }

    /// <summary>
    /// pahole 1.24 aborts on a 16-byte enum ("Error emitting BTF type"), so on objects that have
    /// one only the C units can be compared (pahole with <c>--lang_exclude=rust</c>); null when
    /// there are none.
    /// </summary>
    private static HashSet<(BtfKind, string)>? PaholeNames(string obj, DwarfTypeShapes dwarf, out string which)
    {
        var withRust = BtfFiles.Pahole(obj, "--btf_gen_floats");
        if (withRust is not null)
        {
            Assert.Equal(0, dwarf.WideEnums);
            which = "pahole";
            return NamesByKind(BtfReader.Parse(withRust, null), kernelNames: true);
        }
        Assert.True(dwarf.WideEnums > 0, $"pahole refuses {obj}, which has no 16-byte enum");
        if (!dwarf.HasCUnits)
        {
            which = "nothing compared: pahole aborts on its 16-byte enum and there is no C unit";
            return null;
        }
        which = "pahole --lang_exclude=rust (pahole aborts on the 16-byte enum of the Rust unit)";
        var cOnly = BtfFiles.Pahole(obj, "--btf_gen_floats", "--lang_exclude=rust");
        Assert.NotNull(cOnly);
        return NamesByKind(BtfReader.Parse(cOnly, null), kernelNames: true);
    }

    /// <summary>
    /// Named types by kind, with pahole's names as the kernel accepts them. pahole writes every
    /// zero-sized or odd-sized base type as an INT named <c>__SANITIZED_FAKE_INT__</c> of 4 bytes,
    /// which can overflow the struct that holds it; we write an empty struct of the type's own name
    /// instead, checked in <see cref="EveryStructHasTheByteSizeOfItsDie"/>.
    /// </summary>
    private static HashSet<(BtfKind, string)> NamesByKind(BtfData btf, bool kernelNames) =>
        btf.Types.Where(t => t.NameOff != 0)
            .Select(t => (t.Kind, Name: btf.Name(t.NameOff)))
            .Where(t => t.Name != "__SANITIZED_FAKE_INT__")
            .Select(t => (t.Kind, kernelNames && NameIsChecked(t.Kind) ? DwarfTypeShapes.KernelName(t.Name)! : t.Name))
            .ToHashSet();

    /// <summary>Kinds whose names the kernel holds to its identifier rule (btf-spec §6.3); INT and FLOAT names such as <c>long unsigned int</c> are free.</summary>
    private static bool NameIsChecked(BtfKind kind) => kind is BtfKind.Struct or BtfKind.Union or BtfKind.Enum or BtfKind.Enum64
        or BtfKind.Fwd or BtfKind.Typedef or BtfKind.Func or BtfKind.Var;

    [Theory]
    [MemberData(nameof(Objects))]
    public void ReportsRustTypesKeptAndPruned(string obj)
    {
        var encoding = RustEncoding.Of(obj);
        var dwarf = DwarfTypeShapes.Read(Path.Combine(Repo.Root, obj));
        var report = encoding.Report;
        string counts = $"{obj}: {encoding.Counts}; DWARF: {dwarf.RustTypeDies.Count} Rust type DIEs, {dwarf.RustVariantParts} data-carrying enums";
        output.WriteLine(counts);
        foreach (var d in report.Decisions)
            output.WriteLine($"  0x{d.Offset:x8} {d.Subject}: {d.Action}");
        var typeOffsets = dwarf.RustTypeDies.Select(d => (long)d.Offset).ToHashSet();
        Assert.True(encoding.Pruned.All(d => typeOffsets.Contains(d.Offset)), $"{counts}: a pruned DIE is not a Rust type DIE");
        Assert.True(report.RustTypesPruned == encoding.Pruned.Count(), $"{counts}: pruned count and pruning decisions differ");
        // Every type DIE of a Rust unit is either kept or pruned; kept types may add an anonymous
        // union per data-carrying enum and a few shared helpers (u8, u8[n], u128).
        int encoded = report.RustTypesKept + report.RustTypesPruned;
        Assert.True(encoded >= dwarf.RustTypeDies.Count, $"{counts}: fewer types than DIEs");
        Assert.True(encoded <= dwarf.RustTypeDies.Count + dwarf.RustVariantParts + 2 + report.Decisions.Count, $"{counts}: more types than DIEs account for");
    }
}
