using DwarfAbi.IO;

namespace DwarfAbi.Dwarf;

/// <summary>
/// The header of a unit's line number program: its directories and file names, which is what
/// <c>DW_AT_decl_file</c> and <c>DW_AT_call_file</c> index. The line program itself is not run.
/// </summary>
public sealed class LineTable
{
    private readonly string[] _directories;
    private readonly (string Name, ulong Directory)[] _files;
    private readonly string _compDir;

    private LineTable(ushort version, string[] directories, (string, ulong)[] files, string compDir)
    {
        Version = version;
        _directories = directories;
        _files = files;
        _compDir = compDir;
    }

    public ushort Version { get; }
    public int FileCount => _files.Length;

    /// <summary>The file's name as the table stores it, or null for an index it lacks.</summary>
    public string? RawFileName(ulong index) => ToSlot(index) is int i ? _files[i].Name : null;

    /// <summary>The file's path joined from compilation directory, include directory and name.</summary>
    public string? FilePath(ulong index)
    {
        if (ToSlot(index) is not int i)
            return null;
        var (name, dirIndex) = _files[i];
        if (name.StartsWith('/'))
            return name;
        string dir = "";
        if (Version >= 5)
        {
            if (dirIndex < (ulong)_directories.Length)
                dir = _directories[dirIndex];
        }
        else if (dirIndex > 0 && dirIndex <= (ulong)_directories.Length)
        {
            dir = _directories[dirIndex - 1];
        }
        var path = new System.Text.StringBuilder();
        if ((Version < 5 || dirIndex != 0) && _compDir.Length > 0 && !dir.StartsWith('/'))
            Append(path, _compDir);
        Append(path, dir);
        Append(path, name);
        return path.ToString();
    }

    private static void Append(System.Text.StringBuilder path, string part)
    {
        if (part.Length == 0)
            return;
        if (path.Length > 0 && path[^1] != '/' && part[0] != '/')
            path.Append('/');
        path.Append(part);
    }

    // DWARF 5 numbers files from 0; earlier versions from 1.
    private int? ToSlot(ulong index)
    {
        ulong slot = Version >= 5 ? index : index - 1;
        return Version < 5 && index == 0 || slot >= (ulong)_files.Length ? null : (int)slot;
    }

    internal static LineTable Read(Unit unit, ulong offset)
    {
        var dwarf = unit.Dwarf;
        var section = dwarf.Line.Span;
        if (offset >= (ulong)section.Length)
            throw new DwarfAbiException($"DW_AT_stmt_list 0x{offset:x} is outside .debug_line (size 0x{section.Length:x})", (long)offset);
        var r = new SpanReader(section, dwarf.BigEndian, (int)offset);
        ulong length = r.U32();
        int offsetSize = 4;
        if (length == 0xffffffff)
        {
            length = r.U64();
            offsetSize = 8;
        }
        if (length > (ulong)r.Remaining)
            throw new DwarfAbiException($"line table at 0x{offset:x} runs past the end of .debug_line", (long)offset);
        var table = new SpanReader(section[..(r.Position + (int)length)], dwarf.BigEndian, r.Position);
        ushort version = table.U16();
        if (version is < 2 or > 5)
            throw new DwarfAbiException($"line table at 0x{offset:x}: unsupported version {version}", (long)offset);
        byte addressSize = unit.AddressSize;
        if (version >= 5)
        {
            addressSize = table.U8();
            table.U8(); // segment selector size
        }
        table.UInt(offsetSize); // header_length
        table.U8(); // minimum_instruction_length
        if (version >= 4)
            table.U8(); // maximum_operations_per_instruction
        table.U8(); // default_is_stmt
        table.U8(); // line_base
        table.U8(); // line_range
        byte opcodeBase = table.U8();
        table.Skip(Math.Max(0, opcodeBase - 1));

        string compDir = unit.Root.String(DwAt.CompDir) ?? "";
        var reader = new EntryReader(unit, offsetSize, addressSize);
        if (version >= 5)
        {
            var dirs = reader.ReadEntries(ref table).Select(e => e.Path).ToArray();
            var files = reader.ReadEntries(ref table).Select(e => (e.Path, e.Directory)).ToArray();
            return new LineTable(version, dirs, files, compDir);
        }
        var directories = new List<string>();
        while (true)
        {
            var d = table.CString();
            if (d.IsEmpty)
                break;
            directories.Add(SpanReader.Utf8(d));
        }
        var names = new List<(string, ulong)>();
        while (true)
        {
            var n = table.CString();
            if (n.IsEmpty)
                break;
            ulong dir = table.Uleb();
            table.Uleb(); // modification time
            table.Uleb(); // length
            names.Add((SpanReader.Utf8(n), dir));
        }
        return new LineTable(version, [.. directories], [.. names], compDir);
    }

    /// <summary>Reads DWARF 5 directory and file entries, described by (content type, form) pairs.</summary>
    private readonly struct EntryReader(Unit unit, int offsetSize, byte addressSize)
    {
        private const ulong LnctPath = 1;
        private const ulong LnctDirectoryIndex = 2;

        public List<(string Path, ulong Directory)> ReadEntries(ref SpanReader r)
        {
            int formatCount = r.U8();
            var format = new (ulong Content, ulong Form)[formatCount];
            for (int i = 0; i < formatCount; i++)
                format[i] = (r.Uleb(), r.Uleb());
            ulong count = r.Uleb();
            if (count > (ulong)r.Remaining)
                throw new DwarfAbiException($"line table claims {count} entries in {r.Remaining} bytes", r.Position);
            var entries = new List<(string, ulong)>((int)count);
            for (ulong k = 0; k < count; k++)
            {
                string path = "";
                ulong dir = 0;
                foreach (var (content, form) in format)
                {
                    if (content == LnctPath)
                        path = ReadString(ref r, form);
                    else if (content == LnctDirectoryIndex)
                        dir = ReadNumber(ref r, form);
                    else
                        Skip(ref r, form);
                }
                entries.Add((path, dir));
            }
            return entries;
        }

        private string ReadString(ref SpanReader r, ulong form)
        {
            var dwarf = unit.Dwarf;
            return form switch
            {
                DwForm.String => SpanReader.Utf8(r.CString()),
                DwForm.LineStrp => SpanReader.Utf8(dwarf.StringAt(dwarf.LineStr.Span, r.UInt(offsetSize), ".debug_line_str")),
                DwForm.Strp => SpanReader.Utf8(dwarf.StringAt(dwarf.Str.Span, r.UInt(offsetSize), ".debug_str")),
                DwForm.Strx or DwForm.Strx1 or DwForm.Strx2 or DwForm.Strx3 or DwForm.Strx4 =>
                    unit.String(new AttributeValue(0, (ushort)form, ValueClass.StringIndex, ReadNumber(ref r, form))),
                _ => throw new DwarfAbiException($"line table path in unsupported form 0x{form:x}", r.Position),
            };
        }

        private static ulong ReadNumber(ref SpanReader r, ulong form) => form switch
        {
            DwForm.Data1 or DwForm.Strx1 => r.U8(),
            DwForm.Data2 or DwForm.Strx2 => r.U16(),
            DwForm.Strx3 => r.U24(),
            DwForm.Data4 or DwForm.Strx4 => r.U32(),
            DwForm.Data8 => r.U64(),
            DwForm.Udata or DwForm.Strx => r.Uleb(),
            _ => throw new DwarfAbiException($"line table number in unsupported form 0x{form:x}", r.Position),
        };

        private void Skip(ref SpanReader r, ulong form)
        {
            switch (form)
            {
                case DwForm.Data16:
                    r.Skip(16);
                    break;
                case DwForm.Block:
                    r.Skip((long)Math.Min(r.Uleb(), int.MaxValue));
                    break;
                case DwForm.String or DwForm.LineStrp or DwForm.Strp:
                    ReadString(ref r, form);
                    break;
                case DwForm.Addr:
                    r.UInt(addressSize);
                    break;
                default:
                    ReadNumber(ref r, form);
                    break;
            }
        }
    }
}
