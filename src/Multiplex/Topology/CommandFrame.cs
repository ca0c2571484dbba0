using Multiplex.Protocol;

namespace Multiplex.Topology;

/// <summary>
/// Reads the arguments of a command as the typed methods encode it: a RESP array of bulk strings
/// (https://redis.io/docs/latest/develop/reference/protocol-spec/#sending-commands-to-a-redis-server).
/// The frame was written by this library, so it is trusted to be well formed; a malformed one reads
/// as having no arguments rather than throwing.
/// </summary>
internal static class CommandFrame
{
    /// <summary>How many arguments (the command name included) the frame holds; 0 when it is not an array.</summary>
    public static int ArgumentCount(ReadOnlySpan<byte> frame) =>
        frame.Length > 0 && frame[0] == (byte)'*' && TryReadLine(frame, 1, out var count, out _) ? (int)count : 0;

    /// <summary>
    /// Fills <paramref name="arguments"/> with where each argument's bytes sit in <paramref name="frame"/>,
    /// at most <paramref name="arguments"/>' length of them; returns how many were read.
    /// </summary>
    public static int Read(ReadOnlySpan<byte> frame, Span<Range> arguments)
    {
        var count = ArgumentCount(frame);
        if (count == 0 || !TryReadLine(frame, 1, out _, out var position))
        {
            return 0;
        }

        var read = 0;
        while (read < count && read < arguments.Length)
        {
            if (position >= frame.Length || frame[position] != (byte)'$' || !TryReadLine(frame, position + 1, out var length, out var start))
            {
                return read;
            }

            var end = start + (int)length;
            if (length < 0 || end + RespConstants.CrlfLength > frame.Length)
            {
                return read;
            }

            arguments[read++] = new Range(start, end);
            position = end + RespConstants.CrlfLength;
        }

        return read;
    }

    /// <summary>Whether an argument equals an ASCII keyword, ignoring case (as the server compares keywords).</summary>
    public static bool IsKeyword(ReadOnlySpan<byte> argument, string keyword)
    {
        if (argument.Length != keyword.Length)
        {
            return false;
        }

        for (var i = 0; i < argument.Length; i++)
        {
            if (char.ToUpperInvariant((char)argument[i]) != keyword[i])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Reads the decimal number after a type byte and its CRLF; <paramref name="next"/> is the position after the CRLF.</summary>
    private static bool TryReadLine(ReadOnlySpan<byte> frame, int start, out long value, out int next)
    {
        value = 0;
        next = 0;
        var end = frame[start..].IndexOf((byte)'\r');
        if (end <= 0 || !RespFormat.TryParseInt64(frame.Slice(start, end), out value))
        {
            return false;
        }

        next = start + end + RespConstants.CrlfLength;
        return true;
    }
}
