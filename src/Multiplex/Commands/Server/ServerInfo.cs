namespace Multiplex;

/// <summary>
/// The reply of INFO, parsed: sections (<c># Server</c>, <c># Clients</c>, …) of <c>field:value</c>
/// lines. Section names are kept as the server writes them (<c>Server</c>, <c>Keyspace</c>) and
/// looked up without regard to case.
/// </summary>
public sealed class ServerInfo
{
    private ServerInfo(IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> sections, string raw)
    {
        Sections = sections;
        Raw = raw;
    }

    /// <summary>Every section by name, each a dictionary of its fields.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Sections { get; }

    /// <summary>The reply text exactly as the server sent it.</summary>
    public string Raw { get; }

    /// <summary>A section's fields; an empty dictionary when the reply has no such section.</summary>
    /// <param name="section">The section name, for example <c>server</c>.</param>
    public IReadOnlyDictionary<string, string> this[string section] =>
        Sections.TryGetValue(section, out var fields) ? fields : new Dictionary<string, string>();

    /// <summary>A field's value from whichever section holds it, for example <c>redis_version</c>.</summary>
    /// <param name="field">The field name.</param>
    /// <returns>The value, or null when no section has the field.</returns>
    public string? GetValue(string field)
    {
        foreach (var fields in Sections.Values)
        {
            if (fields.TryGetValue(field, out var value))
            {
                return value;
            }
        }

        return null;
    }

    /// <summary>Parses INFO text: <c># Section</c> headers, <c>field:value</c> lines, blank lines between.</summary>
    /// <param name="text">The reply text.</param>
    /// <returns>The parsed sections; fields before any header go in a section named <c>default</c>.</returns>
    public static ServerInfo Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var sections = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.OrdinalIgnoreCase);
        Dictionary<string, string>? current = null;
        foreach (var rawLine in text.Split('\n'))
        {
            var line = rawLine.TrimEnd('\r');
            if (line.StartsWith('#'))
            {
                current = new Dictionary<string, string>(StringComparer.Ordinal);
                sections[line.TrimStart('#').Trim()] = current;
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                continue;
            }

            if (current is null)
            {
                current = new Dictionary<string, string>(StringComparer.Ordinal);
                sections["default"] = current;
            }

            current[line[..colon]] = line[(colon + 1)..];
        }

        return new ServerInfo(sections, text);
    }
}
