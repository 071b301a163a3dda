namespace DwarfAbi.Modversions;

/// <summary>Section names and the fixed record layout of the module version tables.</summary>
public static class VersionTableNames
{
    public const string Versions = "__versions";
    public const string ExtCrcs = "__version_ext_crcs";
    public const string ExtNames = "__version_ext_names";

    /// <summary><c>struct modversion_info</c> is 64 bytes on every target: a long, then the name.</summary>
    public const int RecordSize = 64;

    /// <summary><c>MODULE_NAME_LEN</c> of the target: the name field of a record.</summary>
    public static int NameFieldSize(bool is64) => RecordSize - (is64 ? 8 : 4);
}
