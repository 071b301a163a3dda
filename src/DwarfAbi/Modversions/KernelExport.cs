namespace DwarfAbi.Modversions;

/// <summary>
/// One symbol a kernel or module exports. <see cref="Crc"/> is null when the exporter carries no
/// CRC for it; the loader then accepts any importer.
/// </summary>
public sealed record KernelExport(string Name, uint? Crc, string Module, bool GplOnly, string Namespace)
{
    public const string Vmlinux = "vmlinux";

    public bool FromVmlinux => Module == Vmlinux;

    /// <summary>The module name as the loader and <c>MODULE_INFO(depends)</c> know it: the path's last part.</summary>
    public string ModuleBaseName => Module[(Module.LastIndexOf('/') + 1)..];
}
