namespace DwarfAbi.Symvers;

/// <summary>
/// The diagnostic stream of a run (the reference tool's stderr): warnings, debug lines and the
/// <c>--dump-*</c> texts, handed in order to whatever sink the caller supplies.
/// </summary>
public sealed class SymversLog(Action<string> sink, bool debug = false)
{
    private const string Prefix = "gendwarfksyms: ";

    public bool DebugEnabled { get; } = debug;

    private readonly Lock _lock = new();

    public void Write(string text)
    {
        // Parallel passes may warn; the sink sees whole messages, one at a time.
        lock (_lock)
            sink(text);
    }

    public void Warn(string function, string message) => Write($"warning: {Prefix}{function}: {message}\n");

    public void Debug(string function, string message)
    {
        if (DebugEnabled)
            Write($"{Prefix}{function}: {message}\n");
    }
}
