namespace DwarfAbi.Cli;

/// <summary>
/// GNU <c>getopt_long</c> as a drop-in tool needs it, messages included: short options from an
/// optstring (<c>"dsT:h"</c>), long options by unique prefix, <c>--opt=value</c> and
/// <c>--opt value</c>, options mixed with operands (argument permutation), and <c>--</c>.
/// </summary>
public sealed class GetoptLong(string program, string shortOptions, IReadOnlyList<GetoptLong.LongOption> longOptions)
{
    /// <summary>A long option; <paramref name="Id"/> is what <see cref="Parse"/> reports for it.</summary>
    public sealed record LongOption(string Name, bool HasArgument, char Id);

    /// <summary>Options in order as (id, argument) and the operands; or the error getopt prints.</summary>
    public sealed record Result(List<(char Id, string? Argument)> Options, List<string> Operands, string? Error);

    /// <summary>
    /// Parses until the end or the first error. Like getopt, the options before an error have been
    /// seen (a <c>-h</c> before a bad option still counts), so callers act on them in order.
    /// </summary>
    public Result Parse(IReadOnlyList<string> args)
    {
        var options = new List<(char, string?)>();
        var operands = new List<string>();
        for (int i = 0; i < args.Count; i++)
        {
            string a = args[i];
            if (a == "--")
            {
                operands.AddRange(args.Skip(i + 1));
                break;
            }
            string? error = a.StartsWith("--", StringComparison.Ordinal) ? Long(args, ref i, options)
                : a.Length > 1 && a[0] == '-' ? Short(args, ref i, options)
                : null;
            if (error is not null)
                return new Result(options, operands, error);
            if (a.Length <= 1 || a[0] != '-')
                operands.Add(a);
        }
        return new Result(options, operands, null);
    }

    private string? Long(IReadOnlyList<string> args, ref int i, List<(char, string?)> options)
    {
        string text = args[i][2..];
        int eq = text.IndexOf('=');
        string name = eq < 0 ? text : text[..eq];
        var option = longOptions.FirstOrDefault(o => o.Name == name);
        if (option is null)
        {
            var candidates = longOptions.Where(o => o.Name.StartsWith(name, StringComparison.Ordinal)).ToList();
            if (candidates.Count == 0)
                return $"{program}: unrecognized option '--{text}'\n";
            if (candidates.Count > 1)
                return $"{program}: option '--{name}' is ambiguous; possibilities:{string.Concat(candidates.Select(c => $" '--{c.Name}'"))}\n";
            option = candidates[0];
        }
        string? argument = null;
        if (eq >= 0)
        {
            if (!option.HasArgument)
                return $"{program}: option '--{option.Name}' doesn't allow an argument\n";
            argument = text[(eq + 1)..];
        }
        else if (option.HasArgument)
        {
            if (i + 1 >= args.Count)
                return $"{program}: option '--{option.Name}' requires an argument\n";
            argument = args[++i];
        }
        options.Add((option.Id, argument));
        return null;
    }

    private string? Short(IReadOnlyList<string> args, ref int i, List<(char, string?)> options)
    {
        string a = args[i];
        for (int k = 1; k < a.Length; k++)
        {
            char c = a[k];
            int at = c == ':' ? -1 : shortOptions.IndexOf(c);
            if (at < 0)
                return $"{program}: invalid option -- '{c}'\n";
            if (at + 1 >= shortOptions.Length || shortOptions[at + 1] != ':')
            {
                options.Add((c, null));
                continue;
            }
            if (k + 1 < a.Length)
            {
                options.Add((c, a[(k + 1)..]));
                return null;
            }
            if (i + 1 >= args.Count)
                return $"{program}: option requires an argument -- '{c}'\n";
            options.Add((c, args[++i]));
            return null;
        }
        return null;
    }
}
