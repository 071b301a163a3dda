namespace DwarfAbi.IO;

/// <summary>
/// Replaces a file in one step: the bytes go to a temporary file in the same directory, which is
/// then renamed over the target, so readers (and an interrupted run) never see half a file.
/// </summary>
public static class AtomicFile
{
    /// <exception cref="DwarfAbiException">The file cannot be written; the message says why.</exception>
    public static void Write(string path, ReadOnlySpan<byte> data)
    {
        string full = Path.GetFullPath(path);
        string temp = Path.Combine(Path.GetDirectoryName(full) ?? ".", $".{Path.GetFileName(full)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var f = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
                f.Write(data);
            File.Move(temp, full, overwrite: true);
        }
        catch (Exception e)
        {
            Discard(temp);
            if (e is IOException or UnauthorizedAccessException)
                throw new DwarfAbiException($"cannot write: {Reason(e)}", null, path, e);
            throw;
        }
    }

    public static void WriteText(string path, string text) => Write(path, new System.Text.UTF8Encoding(false).GetBytes(text));

    /// <summary>Removes a half-written temporary file, if there is one, without hiding the first error.</summary>
    private static void Discard(string temp)
    {
        try
        {
            if (File.Exists(temp))
                File.Delete(temp);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }

    // The runtime's messages name the temporary file; these name the cause.
    private static string Reason(Exception e) => e switch
    {
        DirectoryNotFoundException => "its directory does not exist",
        UnauthorizedAccessException => "permission denied",
        _ => e.Message,
    };
}
