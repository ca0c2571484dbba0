using System.Globalization;

namespace Multiplex.Commands.Server;

/// <summary>
/// Parses a MONITOR line: <c>1700000000.123456 [0 127.0.0.1:50000] "SET" "key" "value"</c>. Each
/// argument is quoted, with <c>\\</c>, <c>\"</c>, <c>\n</c>, <c>\r</c>, <c>\t</c>, <c>\a</c>, <c>\b</c>
/// and <c>\xHH</c> escapes (redis <c>sdscatrepr</c>).
/// </summary>
internal static class MonitorLineParser
{
    private const long TicksPerMicrosecond = TimeSpan.TicksPerMillisecond / 1000;

    public static MonitorEntry Parse(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var firstQuote = line.IndexOf('"', StringComparison.Ordinal);
        var header = (firstQuote < 0 ? line : line[..firstQuote]).TrimEnd();
        var open = header.IndexOf(" [", StringComparison.Ordinal);
        if (open < 0 || !header.EndsWith(']'))
        {
            throw Malformed(line);
        }

        var timestamp = ParseTimestamp(header[..open], line);
        var client = header[(open + 2)..^1];
        var space = client.IndexOf(' ', StringComparison.Ordinal);
        if (space < 0 || !int.TryParse(client.AsSpan(0, space), NumberStyles.None, CultureInfo.InvariantCulture, out var database))
        {
            throw Malformed(line);
        }

        var arguments = firstQuote < 0 ? [] : ParseArguments(line, firstQuote);
        return new MonitorEntry(timestamp, database, client[(space + 1)..], arguments);
    }

    private static DateTimeOffset ParseTimestamp(string text, string line)
    {
        var dot = text.IndexOf('.', StringComparison.Ordinal);
        if (dot < 0
            || !long.TryParse(text.AsSpan(0, dot), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || !long.TryParse(text.AsSpan(dot + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var microseconds))
        {
            throw Malformed(line);
        }

        return DateTimeOffset.FromUnixTimeSeconds(seconds).AddTicks(microseconds * TicksPerMicrosecond);
    }

    private static RedisValue[] ParseArguments(string line, int start)
    {
        var arguments = new List<RedisValue>();
        var bytes = new List<byte>();
        var position = start;
        while (position < line.Length)
        {
            if (line[position] == ' ')
            {
                position++;
                continue;
            }

            if (line[position] != '"')
            {
                throw Malformed(line);
            }

            bytes.Clear();
            position++;
            while (true)
            {
                if (position >= line.Length)
                {
                    throw Malformed(line);
                }

                var c = line[position++];
                if (c == '"')
                {
                    break;
                }

                if (c != '\\')
                {
                    // sdscatrepr writes printable ASCII as is and escapes every other byte.
                    bytes.Add((byte)c);
                    continue;
                }

                if (position >= line.Length)
                {
                    throw Malformed(line);
                }

                var escaped = line[position++];
                switch (escaped)
                {
                    case 'n': bytes.Add((byte)'\n'); break;
                    case 'r': bytes.Add((byte)'\r'); break;
                    case 't': bytes.Add((byte)'\t'); break;
                    case 'a': bytes.Add((byte)'\a'); break;
                    case 'b': bytes.Add((byte)'\b'); break;
                    case 'x':
                        if (position + 2 > line.Length
                            || !byte.TryParse(line.AsSpan(position, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value))
                        {
                            throw Malformed(line);
                        }

                        bytes.Add(value);
                        position += 2;
                        break;
                    default: bytes.Add((byte)escaped); break;
                }
            }

            arguments.Add(bytes.ToArray());
        }

        return [.. arguments];
    }

    // The line is command data: only its start goes into the message.
    private const int QuotedLength = 64;

    private static RedisProtocolException Malformed(string line) =>
        new($"Unexpected MONITOR line: {(line.Length <= QuotedLength ? line : line[..QuotedLength] + "…")}");
}
