using System.Text.RegularExpressions;
using DwarfAbi.Dwarf;
using DwarfAbi.Elf;
using DwarfAbi.Tests.Support;

namespace DwarfAbi.Tests.Dwarf;

/// <summary>
/// Strings in a dwz supplementary file (DW_FORM_GNU_strp_alt), found through .gnu_debugaltlink,
/// resolve to what binutils' readelf shows for them (llvm-dwarfdump 14 cannot follow the link).
/// </summary>
public class DwzTests
{
    [Theory]
    [InlineData("prog1")]
    [InlineData("prog2")]
    public void AltStringsEqualReadelf(string program)
    {
        string path = Path.Combine(Repo.Fixtures, "linked", "dwz", program);
        var expected = Regex.Matches(Tool.Output("readelf", "--debug-dump=info", path), @"\(alt indirect string, offset: (?:0x)?[0-9a-f]+\) (.*)$", RegexOptions.Multiline)
            .Select(m => m.Groups[1].Value.TrimEnd())
            .Order(StringComparer.Ordinal)
            .ToList();

        using var elf = ElfFile.Open(path);
        var dwarf = DwarfData.FromElf(elf);
        var actual = new List<string>();
        foreach (var unit in dwarf.Units)
        {
            var cursor = unit.Cursor();
            while (cursor.MoveNext())
            {
                foreach (var a in cursor.Current.Attributes())
                {
                    if (a.Class == ValueClass.AltStringOffset)
                        actual.Add(unit.String(a));
                }
            }
        }
        Assert.NotEmpty(expected);
        Assert.Equal(expected, actual.Order(StringComparer.Ordinal).ToList());
    }
}
