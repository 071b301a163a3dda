using System.Diagnostics;
using System.IO.Compression;
using DwarfAbi.Elf;

namespace DwarfAbi.Modversions;

/// <summary>
/// Opens a module as distributions ship it: <c>.ko</c>, or compressed as <c>.ko.zst</c>,
/// <c>.ko.gz</c> or <c>.ko.xz</c> (the last through the <c>xz</c> program). A compressed module is
/// inflated into an unlinked temporary file, so the ELF reader can map it like any other.
/// </summary>
public static class ModuleFile
{
    public static readonly string[] Extensions = [".ko", ".ko.zst", ".ko.xz", ".ko.gz"];

    public static bool IsModulePath(string path) => Extensions.Any(e => path.EndsWith(e, StringComparison.Ordinal));

    public static ElfFile Open(string path)
    {
        if (path.EndsWith(".ko", StringComparison.Ordinal) || !IsModulePath(path))
            return ElfFile.Open(path);
        string temp = Path.Combine(Path.GetTempPath(), $"dwarfabi-{Guid.NewGuid():N}.ko");
        try
        {
            using (var output = File.Create(temp))
                Inflate(path, output);
            return ElfFile.Open(temp);
        }
        catch (DwarfAbiException e)
        {
            throw new DwarfAbiException(e.Message, e.Offset, path);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or ZstdSharp.ZstdException or UnauthorizedAccessException)
        {
            throw new DwarfAbiException($"cannot decompress: {e.Message}", file: path);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    private static void Inflate(string path, Stream output)
    {
        if (path.EndsWith(".xz", StringComparison.Ordinal))
        {
            InflateXz(path, output);
            return;
        }
        using var input = File.OpenRead(path);
        using Stream inflater = path.EndsWith(".zst", StringComparison.Ordinal)
            ? new ZstdSharp.DecompressionStream(input)
            : new GZipStream(input, CompressionMode.Decompress);
        inflater.CopyTo(output);
    }

    private static void InflateXz(string path, Stream output)
    {
        var info = new ProcessStartInfo("xz", ["-dc", "--", path])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        Process process;
        try
        {
            process = Process.Start(info) ?? throw new IOException("xz did not start");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new IOException($"reading .xz modules needs the xz program: {e.Message}");
        }
        using (process)
        {
            var error = process.StandardError.ReadToEndAsync();
            process.StandardOutput.BaseStream.CopyTo(output);
            process.WaitForExit();
            if (process.ExitCode != 0)
                throw new IOException($"xz failed: {error.Result.Trim()}");
        }
    }
}
