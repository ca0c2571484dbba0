using Multiplex.Commands;
using Multiplex.Commands.Strings;
using Multiplex.Connections;
using Multiplex.Protocol;

namespace Multiplex;

/// <content>String commands that work on parts of a value: ranges, appends, lengths, floats and LCS.</content>
public abstract partial class RedisCommands
{
    /// <summary>SETRANGE: overwrites part of the string at <paramref name="key"/>, starting at <paramref name="offset"/> (zero-padding as needed).</summary>
    /// <param name="key">The key.</param>
    /// <param name="offset">The byte offset (0 or more).</param>
    /// <param name="value">The bytes to write (not null).</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The length of the string after the change.</returns>
    public ValueTask<long> SetRangeAsync(RedisKey key, long offset, RedisValue value, CancellationToken cancellationToken = default)
    {
        ThrowIfNull(key);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ThrowIfNullValue(value, "SETRANGE");
        var command = Rent(StringTokens.SetRange, ReplyParsers.Int64);
        RespWriter.WriteArrayHeader(command, 4);
        StringTokens.SetRange.WriteName(command);
        RespWriter.WriteBulkString(command, key);
        RespWriter.WriteBulkString(command, offset);
        RespWriter.WriteBulkString(command, value);
        return Send(command, cancellationToken);
    }

    /// <summary>GETRANGE: part of the string at <paramref name="key"/>, both ends inclusive (negative offsets count from the end).</summary>
    /// <param name="key">The key.</param>
    /// <param name="start">The first byte offset.</param>
    /// <param name="end">The last byte offset (-1 for the last byte).</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The bytes in the range; an empty value when the range is empty or the key does not exist.</returns>
    public ValueTask<RedisValue> GetRangeAsync(RedisKey key, long start, long end, CancellationToken cancellationToken = default) =>
        SendKeyArguments(StringTokens.GetRange, key, ReplyParsers.Value, cancellationToken, start, end);

    /// <summary>APPEND: appends <paramref name="value"/> to the string at <paramref name="key"/> (creating it when missing).</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The bytes to append (not null).</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The length of the string after the append.</returns>
    public ValueTask<long> AppendAsync(RedisKey key, RedisValue value, CancellationToken cancellationToken = default) =>
        SendKeyValueCommand(StringTokens.Append, key, value, ReplyParsers.Int64, cancellationToken);

    /// <summary>STRLEN: the length in bytes of the string at <paramref name="key"/>.</summary>
    /// <param name="key">The key.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The length; 0 when the key does not exist.</returns>
    public ValueTask<long> StrLenAsync(RedisKey key, CancellationToken cancellationToken = default) =>
        SendKeyCommand(StringTokens.StrLen, key, ReplyParsers.Int64, cancellationToken);

    /// <summary>INCRBYFLOAT: adds <paramref name="increment"/> to the number at <paramref name="key"/> (0 when missing).</summary>
    /// <param name="key">The key.</param>
    /// <param name="increment">The amount to add (finite; may be negative).</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The new value.</returns>
    public ValueTask<double> IncrByFloatAsync(RedisKey key, double increment, CancellationToken cancellationToken = default)
    {
        ThrowIfNull(key);
        if (!double.IsFinite(increment))
        {
            throw new ArgumentOutOfRangeException(nameof(increment), increment, "INCRBYFLOAT needs a finite increment.");
        }

        var command = Rent(StringTokens.IncrByFloat, ReplyParsers.Double);
        RespWriter.WriteArrayHeader(command, 3);
        StringTokens.IncrByFloat.WriteName(command);
        RespWriter.WriteBulkString(command, key);
        RespWriter.WriteBulkString(command, increment);
        return Send(command, cancellationToken);
    }

    /// <summary>LCS: the longest common subsequence of the strings at two keys.</summary>
    /// <param name="first">The first key.</param>
    /// <param name="second">The second key.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The subsequence; an empty value when there is none (a missing key counts as an empty string).</returns>
    public ValueTask<RedisValue> LcsAsync(RedisKey first, RedisKey second, CancellationToken cancellationToken = default)
    {
        var command = RentLcs(first, second, ReplyParsers.Value, 3);
        return Send(command, cancellationToken);
    }

    /// <summary>LCS with <c>LEN</c>: the length of the longest common subsequence of the strings at two keys.</summary>
    /// <param name="first">The first key.</param>
    /// <param name="second">The second key.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The length; 0 when there is no common subsequence.</returns>
    public ValueTask<long> LcsLengthAsync(RedisKey first, RedisKey second, CancellationToken cancellationToken = default)
    {
        var command = RentLcs(first, second, ReplyParsers.Int64, 4);
        RespWriter.WriteCommandToken(command, StringTokens.Len);
        return Send(command, cancellationToken);
    }

    /// <summary>LCS with <c>IDX</c>: where the runs of the longest common subsequence lie in both strings.</summary>
    /// <param name="first">The first key.</param>
    /// <param name="second">The second key.</param>
    /// <param name="minMatchLength">Leave out runs shorter than this (<c>MINMATCHLEN</c>); 0 keeps every run.</param>
    /// <param name="withMatchLength">Report each run's length (<c>WITHMATCHLEN</c>).</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The runs and the total length; no runs and length 0 when there is no common subsequence.</returns>
    public ValueTask<LcsMatchResult> LcsIdxAsync(
        RedisKey first,
        RedisKey second,
        long minMatchLength = 0,
        bool withMatchLength = false,
        CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(minMatchLength);
        var count = 4 + (minMatchLength > 0 ? 2 : 0) + (withMatchLength ? 1 : 0);
        var command = RentLcs(first, second, StringParsers.LcsIdx, count);
        RespWriter.WriteCommandToken(command, StringTokens.Idx);
        if (minMatchLength > 0)
        {
            RespWriter.WriteCommandToken(command, StringTokens.MinMatchLen);
            RespWriter.WriteBulkString(command, minMatchLength);
        }

        if (withMatchLength)
        {
            RespWriter.WriteCommandToken(command, StringTokens.WithMatchLen);
        }

        return Send(command, cancellationToken);
    }

    private PendingCommand<T> RentLcs<T>(in RedisKey first, in RedisKey second, ReplyParser<T> parser, int argumentCount)
    {
        ThrowIfNull(first);
        ThrowIfNull(second);
        var command = Rent(StringTokens.Lcs, parser);
        RespWriter.WriteArrayHeader(command, argumentCount);
        StringTokens.Lcs.WriteName(command);
        RespWriter.WriteBulkString(command, first);
        RespWriter.WriteBulkString(command, second);
        return command;
    }
}
