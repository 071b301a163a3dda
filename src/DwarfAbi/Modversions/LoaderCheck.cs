using DwarfAbi.Elf;

namespace DwarfAbi.Modversions;

/// <summary>What the check knows about the running kernel besides its exports.</summary>
public sealed record KernelInfo(ExportTable Exports, string? Vermagic);

/// <summary>
/// The module loader's version decisions for one module: table discovery, vermagic,
/// <c>module_layout</c>, and per undefined symbol lookup (GPL-only exports hidden from
/// non-GPL modules), CRC comparison (the extended table wins whenever present) and the
/// namespace import. Every problem is reported, not just the first one the kernel stops at.
/// </summary>
public static class LoaderCheck
{
    private const string ModuleLayout = "module_layout";

    public static List<LoadFinding> Check(ElfFile elf, KernelInfo kernel)
    {
        var findings = new List<LoadFinding>();
        if (!elf.IsRelocatable || elf.FindSection(".gnu.linkonce.this_module") is null)
        {
            findings.Add(new(LoadFindingKind.Malformed, null, null, null, "not a kernel module (no .gnu.linkonce.this_module section in a relocatable object)"));
            return findings;
        }
        ModuleVersions versions;
        try
        {
            versions = ModuleVersions.Read(elf);
        }
        catch (DwarfAbiException e)
        {
            findings.Add(new(LoadFindingKind.Malformed, null, null, null, e.Message));
            return findings;
        }
        var modinfo = Modinfo.Read(elf);
        CheckVermagic(modinfo, versions, kernel.Vermagic, findings);

        var state = new VersionCheck(versions, findings);
        if (kernel.Exports.Find(ModuleLayout) is { Crc: { } layoutCrc })
            state.Check(ModuleLayout, layoutCrc);

        bool gplOk = Modinfo.IsGplCompatible(modinfo.Get("license"));
        var imports = modinfo.ImportedNamespaces;
        string moduleName = modinfo.Get("name") ?? "";
        foreach (var sym in elf.Symbols.Symbols.Skip(1))
        {
            if (sym.IsDefined || sym.Name.Length == 0)
                continue;
            var export = kernel.Exports.Find(sym.Name);
            if (export is null || (export.GplOnly && !gplOk))
            {
                if (sym.Binding == SymbolBinding.Weak)
                    continue;
                findings.Add(export is null
                    ? new(LoadFindingKind.UnknownSymbol, sym.Name, state.ModuleCrc(sym.Name), null, "unknown symbol")
                    : new(LoadFindingKind.GplOnlySymbol, sym.Name, state.ModuleCrc(sym.Name), export.Crc, $"GPL-only symbol, module license is '{modinfo.Get("license")}'"));
                continue;
            }
            if (export.Crc is { } crc)
                state.Check(sym.Name, crc);
            if (!NamespaceRules.IsImported(export.Namespace, imports, moduleName))
                findings.Add(new(LoadFindingKind.MissingNamespaceImport, sym.Name, null, null, $"uses symbol from namespace {export.Namespace}, but does not import it"));
        }
        return findings;
    }

    private static void CheckVermagic(Modinfo modinfo, ModuleVersions versions, string? kernelMagic, List<LoadFinding> findings)
    {
        if (kernelMagic is null)
            return;
        string? moduleMagic = modinfo.Get("vermagic");
        if (moduleMagic is null)
        {
            findings.Add(new(LoadFindingKind.VermagicMismatch, null, null, null, "no version magic"));
            return;
        }
        // With a legacy table the CRCs vouch for the ABI, so the release word may differ.
        bool hasCrcs = versions.Versions is not null;
        if (!SameMagic(moduleMagic, kernelMagic, hasCrcs))
            findings.Add(new(LoadFindingKind.VermagicMismatch, null, null, null, $"version magic '{moduleMagic}' should be '{kernelMagic}'"));
    }

    public static bool SameMagic(string a, string b, bool skipRelease)
    {
        if (skipRelease)
        {
            a = AfterFirstSpace(a);
            b = AfterFirstSpace(b);
        }
        return a == b;
    }

    private static string AfterFirstSpace(string s)
    {
        int i = s.IndexOf(' ');
        return i < 0 ? "" : s[i..];
    }

    /// <summary>check_version(): per symbol, against whichever table the loader consults.</summary>
    private sealed class VersionCheck(ModuleVersions versions, List<LoadFinding> findings)
    {
        private bool _reportedNoTables;

        public ulong? ModuleCrc(string name) =>
            (versions.Extended ?? versions.Versions)?.FirstOrDefault(e => e.Name == name) is { Name: not null } e ? e.Crc : null;

        public void Check(string name, uint kernelCrc)
        {
            var table = versions.Extended ?? versions.Versions;
            if (table is null)
            {
                if (!_reportedNoTables)
                    findings.Add(new(LoadFindingKind.NoVersionTables, name, null, kernelCrc, "module has no version tables (it would need a forced load)"));
                _reportedNoTables = true;
                return;
            }
            string tableName = versions.Extended is not null ? VersionTableNames.ExtCrcs : VersionTableNames.Versions;
            foreach (var e in table)
            {
                if (e.Name != name)
                    continue;
                if (e.Crc != kernelCrc)
                    findings.Add(new(LoadFindingKind.CrcMismatch, name, e.Crc, kernelCrc, $"disagrees about version of symbol ({tableName})"));
                return;
            }
            findings.Add(new(LoadFindingKind.NoSymbolVersion, name, null, kernelCrc, $"no symbol version in {tableName}"));
        }
    }
}
