using System.Text;
using DwarfAbi.Btf;
using DwarfAbi.Tests.Support;

namespace DwarfAbi.Tests.Btf;

/// <summary>
/// Compiles <c>btf dump --format c</c> output with clang for x86_64, together with a
/// <c>_Static_assert</c> per struct and union taken from the BTF itself: its size and the offset
/// of every named member that is not a bit-field. Only tags whose name no other struct, union or
/// enum uses are checked, since the dump renames the others.
/// </summary>
public static class CHeaderCheck
{
    /// <summary>clang's diagnostics (errors and warnings) for the header; empty when it compiles cleanly and every layout holds.</summary>
    public static string Problems(BtfData btf, string header, out int assertions)
    {
        string dir = Path.Combine(Path.GetTempPath(), $"dwarfabi-cdump-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        try
        {
            File.WriteAllText(Path.Combine(dir, "btf.h"), header);
            var checks = new StringBuilder("#include \"btf.h\"\n");
            assertions = AppendLayoutAssertions(btf, checks);
            string source = Path.Combine(dir, "check.c");
            File.WriteAllText(source, checks.ToString());
            // preserve_access_index exists only for the BPF target; the header's own switch leaves it out.
            var r = Tool.Run("clang", "--target=x86_64-linux-gnu", "-DBPF_NO_PRESERVE_ACCESS_INDEX", "-fsyntax-only", "-ferror-limit=0", "-Wall", source);
            return r.ExitCode == 0 && r.Stderr.Length == 0 ? "" : r.Stderr;
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static int AppendLayoutAssertions(BtfData btf, StringBuilder sb)
    {
        var tags = new Dictionary<string, int>(StringComparer.Ordinal);
        for (uint id = 1; id < btf.TypeCount; id++)
        {
            var t = btf.Type(id);
            if ((t.IsStructOrUnion || (t.IsAnyEnum && t.Vlen > 0)) && t.NameOff != 0)
                tags[btf.Name(t.NameOff)] = tags.GetValueOrDefault(btf.Name(t.NameOff)) + 1;
        }
        int n = 0;
        for (uint id = 1; id < btf.TypeCount; id++)
        {
            var t = btf.Type(id);
            if (!t.IsStructOrUnion || t.NameOff == 0 || tags[btf.Name(t.NameOff)] != 1)
                continue;
            string type = $"{(t.Kind == BtfKind.Union ? "union" : "struct")} {btf.Name(t.NameOff)}";
            sb.Append($"_Static_assert(sizeof({type}) == {t.SizeOrType}, \"sizeof({type})\");\n");
            n++;
            for (int i = 0; i < t.Vlen; i++)
            {
                if (t.MemberName(i) == 0 || t.MemberBitfieldSize(i) != 0)
                    continue;
                string member = btf.Name(t.MemberName(i));
                sb.Append($"_Static_assert(__builtin_offsetof({type}, {member}) == {t.MemberBitOffset(i) / 8}, \"{type}.{member}\");\n");
                n++;
            }
        }
        return n;
    }
}
