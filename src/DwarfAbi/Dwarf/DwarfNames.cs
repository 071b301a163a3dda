namespace DwarfAbi.Dwarf;

/// <summary>Names of DWARF constants, as <c>llvm-dwarfdump</c> and the standard spell them.</summary>
public static partial class DwarfNames
{
    private static readonly Dictionary<ulong, string> AccessibilityTable = new()
    {
        [1] = "DW_ACCESS_public",
        [2] = "DW_ACCESS_protected",
        [3] = "DW_ACCESS_private",
    };

    private static readonly Dictionary<ulong, string> InlineTable = new()
    {
        [0] = "DW_INL_not_inlined",
        [1] = "DW_INL_inlined",
        [2] = "DW_INL_declared_not_inlined",
        [3] = "DW_INL_declared_inlined",
    };

    private static readonly Dictionary<ulong, string> VisibilityTable = new()
    {
        [1] = "DW_VIS_local",
        [2] = "DW_VIS_exported",
        [3] = "DW_VIS_qualified",
    };

    private static readonly Dictionary<ulong, string> IdentifierCaseTable = new()
    {
        [0] = "DW_ID_case_sensitive",
        [1] = "DW_ID_up_case",
        [2] = "DW_ID_down_case",
        [3] = "DW_ID_case_insensitive",
    };

    private static readonly Dictionary<ulong, string> DecimalSignTable = new()
    {
        [1] = "DW_DS_unsigned",
        [2] = "DW_DS_leading_overpunch",
        [3] = "DW_DS_trailing_overpunch",
        [4] = "DW_DS_leading_separate",
        [5] = "DW_DS_trailing_separate",
    };

    private static readonly Dictionary<ulong, string> OrderingTable = new()
    {
        [0] = "DW_ORD_row_major",
        [1] = "DW_ORD_col_major",
    };

    public static string Tag(ulong v) => TagTable.GetValueOrDefault(v) ?? $"DW_TAG_unknown_{v:x}";
    public static string Attribute(ulong v) => AttributeTable.GetValueOrDefault(v) ?? $"DW_AT_unknown_{v:x}";
    public static string Form(ulong v) => FormTable.GetValueOrDefault(v) ?? $"DW_FORM_unknown_{v:x}";
    public static string? Op(ulong v) => OpTable.GetValueOrDefault(v);
    public static string? UnitType(ulong v) => UnitTypeTable.GetValueOrDefault(v);
    public static string? LineContent(ulong v) => LineContentTable.GetValueOrDefault(v);
    public static string? RangeListEntry(ulong v) => RangeListEntryTable.GetValueOrDefault(v);
    public static string? LocListEntry(ulong v) => LocListEntryTable.GetValueOrDefault(v);

    /// <summary>The symbolic name of a constant-valued attribute (language, encoding, ...), or null.</summary>
    public static string? EnumeratedValue(ushort attribute, ulong value)
    {
        var table = attribute switch
        {
            DwAt.Language => LanguageTable,
            DwAt.Encoding => EncodingTable,
            DwAt.CallingConvention => CallingConventionTable,
            DwAt.Virtuality => VirtualityTable,
            DwAt.Defaulted => DefaultedTable,
            DwAt.Endianity => EndianityTable,
            DwAt.Accessibility => AccessibilityTable,
            DwAt.Inline => InlineTable,
            DwAt.Visibility => VisibilityTable,
            DwAt.IdentifierCase => IdentifierCaseTable,
            DwAt.DecimalSign => DecimalSignTable,
            DwAt.Ordering => OrderingTable,
            _ => null,
        };
        return table?.GetValueOrDefault(value);
    }
}
