namespace DwarfAbi.Cli;

/// <summary>
/// GNU-style options for the friendly verbs: <c>--name value</c>, <c>--name=value</c>, <c>-n value</c>,
/// grouped short flags, options anywhere, and <c>--</c> to end them.
/// </summary>
public sealed class ArgParser
{
    private readonly List<OptionSpec> _specs = [];

    public ArgParser Flag(string longName, char shortName = '\0', string help = "") => Add(new(longName, shortName, false, help));
    public ArgParser Value(string longName, char shortName = '\0', string help = "") => Add(new(longName, shortName, true, help));

    private ArgParser Add(OptionSpec spec)
    {
        _specs.Add(spec);
        return this;
    }

    public string Help
    {
        get
        {
            var left = _specs.Select(s => $"  {(s.Short != '\0' ? $"-{s.Short}, " : "    ")}--{s.Long}{(s.TakesValue ? " VALUE" : "")}").ToList();
            int width = left.Max(l => l.Length) + 2;
            return string.Concat(left.Select((l, i) => l.PadRight(width) + _specs[i].Help + "\n"));
        }
    }

    /// <summary>Parses; when --help is among the options, prints the usage and the options and returns null.</summary>
    public ParsedArgs? ParseOrHelp(IReadOnlyList<string> args, string usage, TextWriter stdout)
    {
        var parsed = Parse(args);
        if (!parsed.Has("help"))
            return parsed;
        stdout.Write(usage + Help);
        return null;
    }

    public ParsedArgs Parse(IReadOnlyList<string> args)
    {
        var result = new ParsedArgs();
        for (int i = 0; i < args.Count; i++)
        {
            string a = args[i];
            if (a == "--")
            {
                result.Positionals.AddRange(args.Skip(i + 1));
                break;
            }
            if (a.StartsWith("--", StringComparison.Ordinal))
            {
                int eq = a.IndexOf('=');
                string name = eq < 0 ? a[2..] : a[2..eq];
                var spec = _specs.FirstOrDefault(s => s.Long == name) ?? throw new UsageException($"unknown option '--{name}'");
                if (spec.TakesValue)
                    result.Add(spec.Long, eq >= 0 ? a[(eq + 1)..] : NextValue(args, ref i, a));
                else if (eq >= 0)
                    throw new UsageException($"option '--{name}' takes no value");
                else
                    result.Add(spec.Long, "");
            }
            else if (a.Length > 1 && a[0] == '-')
            {
                for (int k = 1; k < a.Length; k++)
                {
                    var spec = _specs.FirstOrDefault(s => s.Short == a[k]) ?? throw new UsageException($"unknown option '-{a[k]}'");
                    if (!spec.TakesValue)
                    {
                        result.Add(spec.Long, "");
                        continue;
                    }
                    result.Add(spec.Long, k + 1 < a.Length ? a[(k + 1)..] : NextValue(args, ref i, a));
                    break;
                }
            }
            else
            {
                result.Positionals.Add(a);
            }
        }
        return result;
    }

    private static string NextValue(IReadOnlyList<string> args, ref int i, string option) =>
        ++i < args.Count ? args[i] : throw new UsageException($"option '{option}' needs a value");

    private sealed record OptionSpec(string Long, char Short, bool TakesValue, string Help);
}

public sealed class ParsedArgs
{
    private readonly Dictionary<string, List<string>> _values = new(StringComparer.Ordinal);

    public List<string> Positionals { get; } = [];

    internal void Add(string name, string value)
    {
        if (!_values.TryGetValue(name, out var list))
            _values[name] = list = [];
        list.Add(value);
    }

    public bool Has(string name) => _values.ContainsKey(name);
    public string? Get(string name) => _values.TryGetValue(name, out var l) ? l[^1] : null;
    public IReadOnlyList<string> All(string name) => _values.TryGetValue(name, out var l) ? l : [];

    public ulong? GetNumber(string name)
    {
        string? v = Get(name);
        if (v is null)
            return null;
        bool hex = v.StartsWith("0x", StringComparison.OrdinalIgnoreCase);
        if (ulong.TryParse(hex ? v[2..] : v, hex ? System.Globalization.NumberStyles.HexNumber : System.Globalization.NumberStyles.None, null, out ulong n))
            return n;
        throw new UsageException($"option '--{name}' needs a number, not '{v}'");
    }
}
