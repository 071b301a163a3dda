using System.Collections.Concurrent;

namespace DwarfAbi.AbiDiff;

/// <summary>One instance of each equal string, for objects read in parallel.</summary>
public sealed class StringPool
{
    private readonly ConcurrentDictionary<string, string> _strings = new(StringComparer.Ordinal);

    public string Intern(string text) => _strings.GetOrAdd(text, text);
}
