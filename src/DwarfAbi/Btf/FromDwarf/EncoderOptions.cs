namespace DwarfAbi.Btf.FromDwarf;

/// <summary>
/// The switches that change what the encoder emits. The defaults are those the Linux 6.1 build
/// passes to pahole 1.24 (<c>--btf_gen_floats -j</c>), except that Rust units are encoded (in the
/// form the kernel accepts, btf-spec §7); excluding <see cref="Languages.Rust"/> gives pahole's
/// <c>--lang_exclude=rust</c>.
/// </summary>
public sealed record EncoderOptions
{
    /// <summary>DW_ATE_float base types as FLOAT (pahole <c>--btf_gen_floats</c>); otherwise as INT.</summary>
    public bool Floats { get; init; } = true;
    /// <summary>VAR and DATASEC for per-CPU variables (off: pahole <c>--skip_encoding_btf_vars</c>).</summary>
    public bool Vars { get; init; } = true;
    /// <summary>8-byte enums as ENUM64 (off: pahole <c>--skip_encoding_btf_enum64</c>).</summary>
    public bool Enum64 { get; init; } = true;
    /// <summary>btf_decl_tag annotations as DECL_TAG (off: pahole <c>--skip_encoding_btf_decl_tag</c>).</summary>
    public bool DeclTags { get; init; } = true;
    /// <summary>btf_type_tag annotations of pointers as TYPE_TAG (off: pahole <c>--skip_encoding_btf_type_tag</c>).</summary>
    public bool TypeTags { get; init; } = true;
    /// <summary>DW_LANG codes whose compile units are left out.</summary>
    public IReadOnlySet<ulong> ExcludedLanguages { get; init; } = new HashSet<ulong>();
    public int Jobs { get; init; } = Environment.ProcessorCount;
}

/// <summary>DW_LANG codes by the names pahole's <c>--lang_exclude</c> accepts.</summary>
public static class Languages
{
    public const ulong Rust = 0x1c;

    private static readonly Dictionary<string, ulong> ByName = new(StringComparer.OrdinalIgnoreCase)
    {
        ["c89"] = 0x01,
        ["c"] = 0x02,
        ["ada83"] = 0x03,
        ["c_plus_plus"] = 0x04,
        ["cobol74"] = 0x05,
        ["cobol85"] = 0x06,
        ["fortran77"] = 0x07,
        ["fortran90"] = 0x08,
        ["pascal83"] = 0x09,
        ["modula2"] = 0x0a,
        ["java"] = 0x0b,
        ["c99"] = 0x0c,
        ["ada95"] = 0x0d,
        ["fortran95"] = 0x0e,
        ["pli"] = 0x0f,
        ["objc"] = 0x10,
        ["objc_plus_plus"] = 0x11,
        ["upc"] = 0x12,
        ["d"] = 0x13,
        ["python"] = 0x14,
        ["opencl"] = 0x15,
        ["go"] = 0x16,
        ["modula3"] = 0x17,
        ["haskell"] = 0x18,
        ["c_plus_plus_03"] = 0x19,
        ["c_plus_plus_11"] = 0x1a,
        ["ocaml"] = 0x1b,
        ["rust"] = Rust,
        ["c11"] = 0x1d,
        ["swift"] = 0x1e,
        ["julia"] = 0x1f,
        ["dylan"] = 0x20,
        ["c_plus_plus_14"] = 0x21,
        ["fortran03"] = 0x22,
        ["fortran08"] = 0x23,
        ["renderscript"] = 0x24,
        ["bliss"] = 0x25,
        ["mips_assembler"] = 0x8001,
    };

    /// <summary>Codes for a comma-separated list of language names.</summary>
    public static HashSet<ulong> Parse(string list)
    {
        var set = new HashSet<ulong>();
        foreach (string name in list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!ByName.TryGetValue(name, out ulong code))
                throw new DwarfAbiException($"unknown language '{name}' (expected a DW_LANG name such as c, c11, rust)");
            set.Add(code);
        }
        return set;
    }
}
