namespace DwarfAbi;

/// <summary>
/// The one error type of the library: what went wrong, in which file, and where in it.
/// The CLI catches it once and prints <c>dwarfabi: error: FILE: message (at 0x...)</c>.
/// </summary>
public sealed class DwarfAbiException : Exception
{
    public DwarfAbiException(string message, long? offset = null, string? file = null, Exception? inner = null)
        : base(message, inner)
    {
        Offset = offset;
        File = file;
    }

    /// <summary>Byte offset in the file or section the message speaks of, when one is known.</summary>
    public long? Offset { get; }

    /// <summary>The input file, filled in by the layer that knows it.</summary>
    public string? File { get; private set; }

    public DwarfAbiException WithFile(string file)
    {
        File ??= file;
        return this;
    }

    public override string ToString() =>
        (File is null ? "" : File + ": ") + Message + (Offset is { } o ? $" (at 0x{o:x})" : "");
}
