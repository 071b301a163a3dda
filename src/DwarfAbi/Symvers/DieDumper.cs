namespace DwarfAbi.Symvers;

/// <summary>
/// The <c>--dump-dies</c> text: every fragment as it is produced or replayed from the cache,
/// with each line break turned into a newline and two spaces per indentation level.
/// </summary>
internal sealed class DieDumper(SymversLog log, bool dumpDies, bool dumpDieMap)
{
    private bool _pendingLinebreak;
    private int _indentation;

    public bool Enabled => dumpDies;

    public void Text(string text)
    {
        if (!dumpDies)
            return;
        if (_pendingLinebreak)
        {
            log.Write("\n" + new string(' ', 2 * Math.Max(_indentation, 0)));
            _pendingLinebreak = false;
        }
        log.Write(text);
    }

    public void Linebreak(int delta)
    {
        // Units rendered in parallel share a disabled dumper.
        if (!dumpDies)
            return;
        _indentation += delta;
        _pendingLinebreak = true;
    }

    public void EndOfSymbol()
    {
        if (dumpDies)
            log.Write("\n");
    }

    /// <summary>Whether cache events are wanted; callers test it before building a message.</summary>
    public bool MapEnabled => dumpDies && dumpDieMap;

    /// <summary>A cache event for <c>--dump-die-map</c>, coloured like the reference's (91 red, 92 green, 94 blue).</summary>
    public void MapEvent(int color, string message) => log.Write($"\u001b[{color}m<{message}>\u001b[39m");
}
