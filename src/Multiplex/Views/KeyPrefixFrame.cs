using System.Buffers;
using System.Buffers.Text;
using Multiplex.Commands;
using Multiplex.Commands.Keys;
using Multiplex.Connections;
using Multiplex.Protocol;
using Multiplex.Topology;

namespace Multiplex.Views;

/// <summary>
/// Rewrites an encoded command (a RESP array of bulk strings, as the typed methods write it) in place in
/// the command's own buffer, so its keys, key patterns and (by option) channels carry a view's prefix.
/// The keys are those its <see cref="KeySpec"/> finds (the positions cluster routing reads, so a prefixed
/// key's hash slot is the one the command is routed by); the rest comes from its <see cref="KeyPrefixRule"/>.
/// </summary>
/// <remarks>
/// Every argument only grows, so the arguments are moved from the last to the first, each to a place at or
/// after its old one: nothing is overwritten before it has been moved, and no second buffer is needed.
/// </remarks>
internal static class KeyPrefixFrame
{
    // Commands with up to this many arguments are rewritten without renting arrays.
    private const int StackArguments = 32;

    // What an argument gets at its head.
    private const byte Unchanged = 0;
    private const byte KeyPrefix = 1;
    private const byte KeyGlob = 2;
    private const byte ChannelPrefix = 3;
    private const byte ChannelGlob = 4;

    [ThreadStatic]
    private static List<Range>? _keys;

    /// <summary>What is added after the last argument.</summary>
    private enum Appended
    {
        Nothing,

        /// <summary><c>MATCH prefix*</c>, for a SCAN without a pattern.</summary>
        KeyMatch,

        /// <summary><c>prefix*</c>, for a PUBSUB CHANNELS without a pattern.</summary>
        ChannelGlob,
    }

    /// <summary>Rewrites <paramref name="command"/>'s frame by <paramref name="rule"/>.</summary>
    /// <exception cref="NotSupportedException">A SORT pattern cannot be prefixed (the prefix holds a <c>*</c>).</exception>
    public static void Rewrite(PendingCommand command, KeyPrefixRule rule, KeyPrefixer prefix)
    {
        var frame = command.Encoded;
        var count = CommandFrame.ArgumentCount(frame);
        Range[]? rentedArguments = null;
        byte[]? rentedMarks = null;
        var arguments = count <= StackArguments ? stackalloc Range[StackArguments] : (rentedArguments = ArrayPool<Range>.Shared.Rent(count));
        var marks = count <= StackArguments ? stackalloc byte[StackArguments] : (rentedMarks = ArrayPool<byte>.Shared.Rent(count));
        try
        {
            var read = CommandFrame.Read(frame, arguments);
            arguments = arguments[..read];
            marks = marks[..read];
            marks.Clear();
            var appended = Mark(command.Command, rule, prefix, frame, arguments, marks);
            if (appended != Appended.Nothing || marks.ContainsAnyExcept(Unchanged))
            {
                Write(command, prefix, arguments, marks, appended);
            }
        }
        finally
        {
            if (rentedArguments is not null)
            {
                ArrayPool<Range>.Shared.Return(rentedArguments);
                ArrayPool<byte>.Shared.Return(rentedMarks!);
            }
        }
    }

    /// <summary>Marks what each argument gets; returns what is added at the end.</summary>
    private static Appended Mark(CommandSpec command, KeyPrefixRule rule, KeyPrefixer prefix, ReadOnlySpan<byte> frame, ReadOnlySpan<Range> arguments, Span<byte> marks)
    {
        if (rule != KeyPrefixRule.Channel)
        {
            MarkKeys(command, frame, arguments, marks);
        }

        var first = command.NameLength;
        switch (rule)
        {
            case KeyPrefixRule.KeysPattern when arguments.Length > first:
                marks[first] = KeyGlob;
                break;
            case KeyPrefixRule.ScanPattern:
                // SCAN cursor [MATCH pattern] [COUNT count] [TYPE type]: options come in pairs after the cursor.
                for (var i = first + 1; i + 1 < arguments.Length; i += 2)
                {
                    if (CommandFrame.IsKeyword(frame[arguments[i]], "MATCH"))
                    {
                        marks[i + 1] = KeyGlob;
                        return Appended.Nothing;
                    }
                }

                return Appended.KeyMatch;
            case KeyPrefixRule.SortPatterns:
                MarkSortPatterns(command, prefix, frame, arguments, marks);
                break;
            case KeyPrefixRule.Channel when prefix.PrefixesChannels && arguments.Length > first:
                marks[first] = ChannelPrefix;
                break;
            case KeyPrefixRule.ChannelPattern when prefix.PrefixesChannels:
                if (arguments.Length > first)
                {
                    marks[first] = ChannelGlob;
                    break;
                }

                return Appended.ChannelGlob;
            case KeyPrefixRule.Channels when prefix.PrefixesChannels:
                marks[first..].Fill(ChannelPrefix);
                break;
        }

        return Appended.Nothing;
    }

    /// <summary>Marks the keys the command's key specification finds.</summary>
    private static void MarkKeys(CommandSpec command, ReadOnlySpan<byte> frame, ReadOnlySpan<Range> arguments, Span<byte> marks)
    {
        if (!command.Keys.HasKeys)
        {
            return;
        }

        var keys = _keys ??= [];
        keys.Clear();
        command.Keys.FindKeys(frame, arguments, keys);
        foreach (var key in keys)
        {
            var index = IndexOf(arguments, key.Start.Value);
            if (index >= 0)
            {
                marks[index] = KeyPrefix;
            }
        }
    }

    /// <summary>
    /// SORT key [BY pattern] [LIMIT offset count] [GET pattern …] [ASC|DESC] [ALPHA] [STORE destination]:
    /// the BY and GET patterns name keys (the server puts each element where the first <c>*</c> is), except
    /// GET <c>#</c>, the element itself.
    /// </summary>
    private static void MarkSortPatterns(CommandSpec command, KeyPrefixer prefix, ReadOnlySpan<byte> frame, ReadOnlySpan<Range> arguments, Span<byte> marks)
    {
        for (var i = command.NameLength + 1; i < arguments.Length; i++)
        {
            var argument = frame[arguments[i]];
            if (i + 1 < arguments.Length && (CommandFrame.IsKeyword(argument, "BY") || CommandFrame.IsKeyword(argument, "GET")))
            {
                if (!frame[arguments[i + 1]].SequenceEqual("#"u8))
                {
                    if (prefix.Key.AsSpan().Contains((byte)'*'))
                    {
                        throw new NotSupportedException(
                            $"{command.Name} with BY or GET cannot run through a key-prefix view whose prefix ('{prefix}') holds a '*': the server would put each element at that '*'.");
                    }

                    marks[i + 1] = KeyPrefix;
                }

                i++;
            }
            else if (CommandFrame.IsKeyword(argument, "LIMIT"))
            {
                i += 2;
            }
            else if (CommandFrame.IsKeyword(argument, "STORE"))
            {
                i++;
            }
        }
    }

    /// <summary>The index of the argument whose bytes start at <paramref name="start"/> (arguments are in frame order).</summary>
    private static int IndexOf(ReadOnlySpan<Range> arguments, int start)
    {
        int low = 0, high = arguments.Length - 1;
        while (low <= high)
        {
            var middle = (low + high) >>> 1;
            var at = arguments[middle].Start.Value;
            if (at == start)
            {
                return middle;
            }

            if (at < start)
            {
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }

        return -1;
    }

    private static ReadOnlySpan<byte> HeadFor(byte mark, KeyPrefixer prefix) => mark switch
    {
        KeyPrefix => prefix.Key,
        KeyGlob => prefix.KeyPattern,
        ChannelPrefix => prefix.Channel,
        ChannelGlob => prefix.ChannelPattern,
        _ => [],
    };

    private static void Write(PendingCommand command, KeyPrefixer prefix, ReadOnlySpan<Range> arguments, ReadOnlySpan<byte> marks, Appended appended)
    {
        var oldLength = command.Encoded.Length;
        var appendedCount = appended switch { Appended.KeyMatch => 2, Appended.ChannelGlob => 1, _ => 0 };
        var appendedLength = appended switch
        {
            Appended.KeyMatch => KeyTokens.Match.Encoded.Length + RespWriter.GetBulkStringLength(prefix.KeyPattern.Length + 1),
            Appended.ChannelGlob => RespWriter.GetBulkStringLength(prefix.ChannelPattern.Length + 1),
            _ => 0,
        };

        var headerLength = HeaderLength(arguments.Length + appendedCount);
        var newLength = headerLength + appendedLength;
        for (var i = 0; i < arguments.Length; i++)
        {
            newLength += RespWriter.GetBulkStringLength(Length(arguments[i]) + HeadFor(marks[i], prefix).Length);
        }

        var buffer = command.GrowEncoding(newLength - oldLength);

        // What is added goes after every argument's new place, which is past the old frame's end.
        var position = newLength - appendedLength;
        if (appended == Appended.KeyMatch)
        {
            KeyTokens.Match.Encoded.CopyTo(buffer[position..]);
            WriteGlob(buffer[(position + KeyTokens.Match.Encoded.Length)..], prefix.KeyPattern);
        }
        else if (appended == Appended.ChannelGlob)
        {
            WriteGlob(buffer[position..], prefix.ChannelPattern);
        }

        for (var i = arguments.Length - 1; i >= 0; i--)
        {
            var (oldStart, length) = arguments[i].GetOffsetAndLength(oldLength);
            var head = HeadFor(marks[i], prefix);
            var bulkHeader = HeaderLength(length + head.Length);
            position -= bulkHeader + head.Length + length + RespConstants.CrlfLength;
            if (head.IsEmpty && position + bulkHeader == oldStart)
            {
                continue; // still in its place
            }

            buffer.Slice(oldStart, length).CopyTo(buffer[(position + bulkHeader + head.Length)..]);
            head.CopyTo(buffer[(position + bulkHeader)..]);
            WriteHeader(buffer[position..], RespPrefix.BulkString, length + head.Length);
            RespConstants.Crlf.CopyTo(buffer[(position + bulkHeader + head.Length + length)..]);
        }

        WriteHeader(buffer, RespPrefix.Array, arguments.Length + appendedCount);
    }

    private static int Length(Range argument) => argument.End.Value - argument.Start.Value;

    /// <summary>The length of <c>$n\r\n</c> (or <c>*n\r\n</c>).</summary>
    private static int HeaderLength(int value) => 1 + RespNumber.CountDigits(value) + RespConstants.CrlfLength;

    private static void WriteHeader(Span<byte> destination, RespPrefix type, int value)
    {
        destination[0] = (byte)type;
        Utf8Formatter.TryFormat(value, destination[1..], out var digits);
        RespConstants.Crlf.CopyTo(destination[(1 + digits)..]);
    }

    /// <summary>Writes <paramref name="head"/> followed by <c>*</c> as a bulk string.</summary>
    private static void WriteGlob(Span<byte> destination, ReadOnlySpan<byte> head)
    {
        var header = HeaderLength(head.Length + 1);
        WriteHeader(destination, RespPrefix.BulkString, head.Length + 1);
        head.CopyTo(destination[header..]);
        destination[header + head.Length] = (byte)'*';
        RespConstants.Crlf.CopyTo(destination[(header + head.Length + 1)..]);
    }
}
