using System.Globalization;

namespace DwarfAbi.AbiDiff;

/// <summary>The diff for people: causes first (each with the exports it reaches), then added, removed and unexplained exports, then the kABI audit.</summary>
public sealed class DiffTextWriter(TextWriter writer, bool colour)
{
    private const string Red = "\e[31m", Green = "\e[32m", Yellow = "\e[33m", Bold = "\e[1m", Reset = "\e[0m";

    public static string Describe(TypeChange change)
    {
        string where = change.Path.Count == 0 ? "" : string.Join(" → ", change.Path) + ": ";
        return change.Kind switch
        {
            ChangeKind.Added => $"{where}added: {change.New}",
            ChangeKind.Removed => $"{where}removed: {change.Old}",
            ChangeKind.Renamed => $"{where}renamed to {change.New}",
            ChangeKind.Moved => $"{where}moved from position {change.Old} to {change.New}",
            _ when change.What == "type" => $"{where}{change.Old} → {change.New}",
            _ => $"{where}{change.What} {change.Old ?? "none"} → {change.New ?? "none"}",
        };
    }

    public void Write(DiffResult result)
    {
        int unexplained = result.Unexplained.Count();
        Line(Bold, $"{result.Changed.Count} exports changed version ({result.Changed.Count - unexplained} explained, {unexplained} not), {result.Added.Count} added, {result.Removed.Count} removed{(result.Stable ? " (--stable)" : "")}");
        foreach (var group in result.Causes)
        {
            writer.WriteLine();
            Line(Yellow, group.TypeKey is null ? $"{group.Title}: its own declaration changed:" : $"{group.Title} changed:");
            foreach (var change in group.Changes)
                writer.WriteLine("  " + Describe(change));
            if (group.TypeKey is null)
                continue;
            writer.WriteLine($"  reached by {group.Symbols.Count} export{(group.Symbols.Count == 1 ? "" : "s")}:");
            foreach (var route in group.Symbols)
                writer.WriteLine("    " + string.Join(" → ", [route.Symbol, .. route.Path]));
        }
        List("Added exports:", Green, "+ ", result.Added);
        List("Removed exports:", Red, "- ", result.Removed);
        List("Version changed with no visible cause:", Red, "! ", [.. result.Unexplained.Select(c => $"{c.Name} {Hex(c.OldCrc)} → {Hex(c.NewCrc)}")]);
        if (result.Audit is { } audit)
            Audit(audit);
    }

    private void Audit(KabiAudit audit)
    {
        writer.WriteLine();
        Line(Bold, $"kABI rules: {audit.Hidden.Count} hidden change{(audit.Hidden.Count == 1 ? "" : "s")}");
        foreach (var hidden in audit.Hidden)
        {
            writer.WriteLine($"  {TypePaths.TypeName(hidden.TypeKey)}: {Describe(hidden.Change)}");
            writer.WriteLine($"    hidden by {hidden.Rule}");
        }
        foreach (var check in audit.Layout)
        {
            if (check.Passed)
            {
                Line(Green, $"  layout of {TypePaths.TypeName(check.TypeKey)}: unchanged (size, alignment, member offsets)");
                continue;
            }
            foreach (string problem in check.Problems)
                Line(Red, $"  error: layout of {TypePaths.TypeName(check.TypeKey)}: {problem}");
        }
        if (audit.UnusedRules.Count > 0)
        {
            writer.WriteLine("  rules that hid nothing:");
            foreach (var rule in audit.UnusedRules)
                writer.WriteLine($"    {rule}");
        }
    }

    private void List(string title, string style, string mark, IReadOnlyList<string> items)
    {
        if (items.Count == 0)
            return;
        writer.WriteLine();
        Line(Bold, title);
        foreach (string item in items)
            Line(style, "  " + mark + item);
    }

    private void Line(string style, string text) => writer.WriteLine(colour ? style + text + Reset : text);

    public static string Hex(uint? crc) => crc is { } c ? "0x" + c.ToString("x8", CultureInfo.InvariantCulture) : "?";
}
