using System.Globalization;
using System.Text;

namespace Multiplex.Testing.Processes;

/// <summary>
/// One RESP2 reply, decoded completely (arrays nest): what <see cref="AdminConnection"/> hands back.
/// Spec: https://redis.io/docs/latest/develop/reference/protocol-spec/
/// </summary>
internal sealed record RespReply(char Kind, string? Text, IReadOnlyList<RespReply> Items)
{
    /// <summary>An error reply (<c>-ERR …</c>); <see cref="Text"/> holds the message without the dash.</summary>
    public bool IsError => Kind == '-';

    /// <summary>The text of a simple string, integer, error or bulk string; throws for a null or an array.</summary>
    public string RequireText() => Text ?? throw new InvalidOperationException($"Expected text, got a reply of kind '{Kind}'.");

    /// <summary>Reads one complete reply.</summary>
    public static async Task<RespReply> ReadAsync(RawRespConnection connection, CancellationToken cancellationToken)
    {
        var line = await connection.ReadLineAsync(cancellationToken);
        if (line.Length == 0)
        {
            throw new InvalidDataException("Empty RESP line.");
        }

        var kind = line[0];
        var body = line[1..];
        switch (kind)
        {
            case '+' or '-' or ':':
                return new RespReply(kind, body, []);
            case '$':
                var length = ParseLength(body);
                if (length < 0)
                {
                    return new RespReply(kind, null, []);
                }

                var content = new byte[length + 2];
                await connection.ReadExactlyAsync(content, cancellationToken);
                return new RespReply(kind, Encoding.UTF8.GetString(content, 0, length), []);
            case '*':
                var count = ParseLength(body);
                var items = new List<RespReply>(Math.Max(count, 0));
                for (var index = 0; index < count; index++)
                {
                    items.Add(await ReadAsync(connection, cancellationToken));
                }

                return new RespReply(kind, null, items);
            default:
                throw new InvalidDataException($"Unexpected RESP2 line '{line}'.");
        }
    }

    private static int ParseLength(string text) => int.Parse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
}
