using System.Globalization;

namespace Multiplex;

/// <summary>One connection as CLIENT LIST or CLIENT INFO describes it (a line of <c>field=value</c> pairs).</summary>
public sealed class ClientInfo
{
    private ClientInfo(IReadOnlyDictionary<string, string> fields) => Fields = fields;

    /// <summary>Every field of the line, as the server wrote it (<c>id</c>, <c>addr</c>, <c>flags</c>, <c>cmd</c>, …).</summary>
    public IReadOnlyDictionary<string, string> Fields { get; }

    /// <summary>The connection id (<c>id</c>).</summary>
    public long Id => Number("id");

    /// <summary>The client's address and port (<c>addr</c>).</summary>
    public string Address => Text("addr") ?? string.Empty;

    /// <summary>The server-side address the client connected to (<c>laddr</c>); null on servers that omit it.</summary>
    public string? LocalAddress => Text("laddr");

    /// <summary>The name set with CLIENT SETNAME; empty when none.</summary>
    public string Name => Text("name") ?? string.Empty;

    /// <summary>How long the connection has existed (<c>age</c>).</summary>
    public TimeSpan Age => TimeSpan.FromSeconds(Number("age"));

    /// <summary>How long the connection has been idle (<c>idle</c>).</summary>
    public TimeSpan Idle => TimeSpan.FromSeconds(Number("idle"));

    /// <summary>The flags letters (<c>flags</c>, for example <c>N</c>, <c>S</c>, <c>P</c>).</summary>
    public string Flags => Text("flags") ?? string.Empty;

    /// <summary>The selected database (<c>db</c>).</summary>
    public int Database => (int)Number("db");

    /// <summary>The last command run (<c>cmd</c>, for example <c>client|list</c>).</summary>
    public string LastCommand => Text("cmd") ?? string.Empty;

    /// <summary>The authenticated ACL user (<c>user</c>).</summary>
    public string User => Text("user") ?? string.Empty;

    /// <summary>The library name from CLIENT SETINFO (<c>lib-name</c>); null when unset or not reported.</summary>
    public string? LibraryName => Text("lib-name") is { Length: > 0 } name ? name : null;

    /// <summary>The RESP version the connection speaks (<c>resp</c>); 0 when not reported.</summary>
    public int Protocol => (int)Number("resp");

    /// <summary>Parses one CLIENT LIST / CLIENT INFO line.</summary>
    /// <param name="line">The line, <c>field=value</c> pairs separated by spaces.</param>
    /// <returns>The parsed entry.</returns>
    public static ClientInfo Parse(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in line.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0)
            {
                fields[pair[..equals]] = pair[(equals + 1)..];
            }
        }

        return new ClientInfo(fields);
    }

    /// <summary>Parses a CLIENT LIST reply: one entry per non-empty line.</summary>
    internal static ClientInfo[] ParseList(string? text) =>
        (text ?? string.Empty).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(Parse).ToArray();

    /// <inheritdoc />
    public override string ToString() => string.Join(' ', Fields.Select(pair => $"{pair.Key}={pair.Value}"));

    private string? Text(string field) => Fields.TryGetValue(field, out var value) ? value : null;

    private long Number(string field) =>
        Fields.TryGetValue(field, out var value) && long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) ? number : 0;
}
