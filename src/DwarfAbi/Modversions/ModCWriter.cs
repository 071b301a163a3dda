using System.Text;

namespace DwarfAbi.Modversions;

/// <summary>
/// Writes <c>P.mod.c</c> exactly as modpost does: the <c>__this_module</c> skeleton, the
/// in-tree/staging marks, the module's own exports and their CRCs, the version tables, and the
/// dependency list. Names are printed verbatim, CRCs as <c>0x%08x</c>.
/// </summary>
public static class ModCWriter
{
    /// <returns>The text, or null when a line overflowed modpost's buffer (an error is logged).</returns>
    public static string? Write(ModuleObject m, IReadOnlyList<ResolvedImport> imports, ModuleTables tables, ModpostOptions options, List<ModpostMessage> messages)
    {
        var b = new ModCBuffer();
        b.Print("#include <linux/module.h>\n#include <linux/export-internal.h>\n#include <linux/compiler.h>\n\n");
        b.Print("MODULE_INFO(name, KBUILD_MODNAME);\n\n");
        b.Print("__visible struct module __this_module\n__section(\".gnu.linkonce.this_module\") = {\n\t.name = KBUILD_MODNAME,\n");
        if (m.HasInit)
            b.Print("\t.init = init_module,\n");
        if (m.HasCleanup)
            b.Print("#ifdef CONFIG_MODULE_UNLOAD\n\t.exit = cleanup_module,\n#endif\n");
        b.Print("\t.arch = MODULE_ARCH_INIT,\n};\n");
        if (!options.External)
            b.Print("\nMODULE_INFO(intree, \"Y\");\n");
        if (m.Name.StartsWith("drivers/staging", StringComparison.Ordinal))
            b.Print("\nMODULE_INFO(staging, \"Y\");\n");
        if (m.Name.StartsWith("tools/testing", StringComparison.Ordinal))
            b.Print("\nMODULE_INFO(test, \"Y\");\n");

        WriteExports(b, m, options);
        if (tables.Versions is { } versions)
        {
            b.Print("\nstatic const struct modversion_info ____versions[]\n__used __section(\"__versions\") = {\n");
            foreach (var e in versions)
                b.Print($"\t{{ 0x{e.Crc:x8}, \"{e.Name}\" }},\n");
            b.Print("};\n");
        }
        if (tables.Extended is { } extended)
        {
            b.Print("\nstatic const u32 ____version_ext_crcs[]\n__used __section(\"__version_ext_crcs\") = {\n");
            foreach (var e in extended)
                b.Print($"\t0x{e.Crc:x8},\n");
            b.Print("};\nstatic const char ____version_ext_names[]\n__used __section(\"__version_ext_names\") =\n");
            foreach (var e in extended)
                b.Print($"\t\"{e.Name}\\0\"\n");
            b.Print(";\n");
        }

        var depends = imports.Select(i => i.Export).Where(e => !e.FromVmlinux).Select(e => e.ModuleBaseName).Distinct(StringComparer.Ordinal);
        b.Print($"\nMODULE_INFO(depends, \"{string.Join(',', depends)}\");\n");
        b.Print("\n");

        if (b.Overflow is { } overflow)
        {
            messages.Add(new(true, overflow));
            return null;
        }
        return b.ToString();
    }

    private static void WriteExports(ModCBuffer b, ModuleObject m, ModpostOptions options)
    {
        b.Print("\n");
        foreach (var e in m.Exports)
        {
            b.Print($"KSYMTAB_{(e.IsFunction ? "FUNC" : "DATA")}({e.Name}, \"{e.Namespace}\");\n");
            b.Print($"SYMBOL_FLAGS({e.Name}, 0x{(e.GplOnly ? 1 : 0):x2});\n");
        }
        if (!options.Modversions)
            return;
        b.Print("\n");
        foreach (var e in m.Exports)
            b.Print($"SYMBOL_CRC({e.Name}, 0x{(m.ExportCrcs.TryGetValue(e.Name, out uint crc) ? crc : 0):x8});\n");
    }

    /// <summary>
    /// modpost formats every piece into a 500-byte buffer before appending it; a piece that
    /// does not fit (with its NUL) is an error quoting what did fit.
    /// </summary>
    private sealed class ModCBuffer
    {
        private const int Size = 500;
        private readonly StringBuilder _text = new();

        public string? Overflow { get; private set; }

        public void Print(string piece)
        {
            int needed = Encoding.UTF8.GetByteCount(piece) + 1;
            if (needed > Size)
            {
                Overflow ??= $"buf_printf output truncated for string {TruncateUtf8(piece, Size - 1)}: {needed} bytes needed, {Size} available";
                return;
            }
            _text.Append(piece);
        }

        private static string TruncateUtf8(string s, int bytes) => Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(s), 0, bytes);

        public override string ToString() => _text.ToString();
    }
}
