using System.Text.Json;

namespace DwarfAbi.AbiDiff;

/// <summary>The diff for machines: the same content as the text report, one JSON object.</summary>
public static class DiffJsonWriter
{
    public const int FormatVersion = 1;

    public static void Write(DiffResult result, Stream stream)
    {
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteNumber("version", FormatVersion);
        json.WriteBoolean("stable", result.Stable);
        Strings(json, "added", result.Added);
        Strings(json, "removed", result.Removed);
        json.WriteStartArray("changed");
        foreach (var changed in result.Changed)
        {
            json.WriteStartObject();
            json.WriteString("symbol", changed.Name);
            json.WriteString("old_crc", DiffTextWriter.Hex(changed.OldCrc));
            json.WriteString("new_crc", DiffTextWriter.Hex(changed.NewCrc));
            json.WriteBoolean("explained", changed.Causes.Count > 0);
            Strings(json, "causes", [.. changed.Causes.Select(c => c.TypeKey ?? changed.Name)]);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteStartArray("causes");
        foreach (var group in result.Causes)
        {
            json.WriteStartObject();
            if (group.TypeKey is null)
                json.WriteString("symbol", group.Title);
            else
                json.WriteString("type", group.TypeKey);
            Changes(json, "changes", group.Changes);
            json.WriteStartArray("symbols");
            foreach (var route in group.Symbols)
            {
                json.WriteStartObject();
                json.WriteString("symbol", route.Symbol);
                Strings(json, "path", route.Path);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        json.WriteEndArray();
        if (result.Audit is { } audit)
            Audit(json, audit);
        json.WriteEndObject();
    }

    private static void Audit(Utf8JsonWriter json, KabiAudit audit)
    {
        json.WriteStartObject("kabi");
        json.WriteStartArray("hidden");
        foreach (var hidden in audit.Hidden)
        {
            json.WriteStartObject();
            json.WriteString("type", hidden.TypeKey);
            json.WriteString("rule", hidden.Rule);
            Change(json, hidden.Change);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteStartArray("layout");
        foreach (var check in audit.Layout)
        {
            json.WriteStartObject();
            json.WriteString("type", check.TypeKey);
            json.WriteBoolean("passed", check.Passed);
            Strings(json, "errors", check.Problems);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        Strings(json, "unused_rules", [.. audit.UnusedRules.Select(r => r.ToString())]);
        json.WriteEndObject();
    }

    private static void Changes(Utf8JsonWriter json, string name, IReadOnlyList<TypeChange> changes)
    {
        json.WriteStartArray(name);
        foreach (var change in changes)
        {
            json.WriteStartObject();
            Change(json, change);
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }

    private static void Change(Utf8JsonWriter json, TypeChange change)
    {
        Strings(json, "path", change.Path);
        json.WriteString("kind", change.Kind.ToString().ToLowerInvariant());
        json.WriteString("what", change.What);
        json.WriteString("old", change.Old);
        json.WriteString("new", change.New);
    }

    private static void Strings(Utf8JsonWriter json, string name, IReadOnlyList<string> values)
    {
        json.WriteStartArray(name);
        foreach (string value in values)
            json.WriteStringValue(value);
        json.WriteEndArray();
    }
}
