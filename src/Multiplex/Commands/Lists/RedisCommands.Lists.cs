using Multiplex.Commands;
using Multiplex.Commands.Collections;
using Multiplex.Commands.Lists;
using Multiplex.Protocol;

namespace Multiplex;

/// <summary>List commands: pushing, popping and reading (see RedisClient.ListEdits.cs for the rest).</summary>
public abstract partial class RedisCommands
{
    /// <summary>LPUSH: inserts elements at the head of the list, creating it if needed.</summary>
    /// <param name="key">The key.</param>
    /// <param name="values">The elements (at least one); each is pushed in turn, so the last ends up first.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The length of the list afterwards.</returns>
    public ValueTask<long> LPushAsync(RedisKey key, IReadOnlyList<RedisValue> values, CancellationToken cancellationToken = default) =>
        SendKeyValues(ListTokens.LPush, key, values, ReplyParsers.Int64, cancellationToken);

    /// <summary>LPUSHX: like <see cref="LPushAsync"/>, but only when the list already exists.</summary>
    /// <param name="key">The key.</param>
    /// <param name="values">The elements (at least one).</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The length of the list afterwards; 0 when the key does not exist (nothing is pushed).</returns>
    public ValueTask<long> LPushXAsync(RedisKey key, IReadOnlyList<RedisValue> values, CancellationToken cancellationToken = default) =>
        SendKeyValues(ListTokens.LPushX, key, values, ReplyParsers.Int64, cancellationToken);

    /// <summary>RPUSH: appends elements at the tail of the list, creating it if needed.</summary>
    /// <param name="key">The key.</param>
    /// <param name="values">The elements (at least one), appended in order.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The length of the list afterwards.</returns>
    public ValueTask<long> RPushAsync(RedisKey key, IReadOnlyList<RedisValue> values, CancellationToken cancellationToken = default) =>
        SendKeyValues(ListTokens.RPush, key, values, ReplyParsers.Int64, cancellationToken);

    /// <summary>RPUSHX: like <see cref="RPushAsync"/>, but only when the list already exists.</summary>
    /// <param name="key">The key.</param>
    /// <param name="values">The elements (at least one).</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The length of the list afterwards; 0 when the key does not exist (nothing is pushed).</returns>
    public ValueTask<long> RPushXAsync(RedisKey key, IReadOnlyList<RedisValue> values, CancellationToken cancellationToken = default) =>
        SendKeyValues(ListTokens.RPushX, key, values, ReplyParsers.Int64, cancellationToken);

    /// <summary>LPOP: removes and returns the first element.</summary>
    /// <param name="key">The key.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The element; <see cref="RedisValue.Null"/> when the key does not exist.</returns>
    public ValueTask<RedisValue> LPopAsync(RedisKey key, CancellationToken cancellationToken = default) =>
        SendKeyCommand(ListTokens.LPop, key, ReplyParsers.Value, cancellationToken);

    /// <summary>LPOP with a count: removes and returns up to <paramref name="count"/> elements from the head.</summary>
    /// <param name="key">The key.</param>
    /// <param name="count">How many (not negative).</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The elements, head first; empty when the key does not exist or <paramref name="count"/> is 0.</returns>
    public ValueTask<RedisValue[]> LPopAsync(RedisKey key, long count, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        return SendKeyArguments(ListTokens.LPop, key, CollectionParsers.Values, cancellationToken, count);
    }

    /// <summary>RPOP: removes and returns the last element.</summary>
    /// <param name="key">The key.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The element; <see cref="RedisValue.Null"/> when the key does not exist.</returns>
    public ValueTask<RedisValue> RPopAsync(RedisKey key, CancellationToken cancellationToken = default) =>
        SendKeyCommand(ListTokens.RPop, key, ReplyParsers.Value, cancellationToken);

    /// <summary>RPOP with a count: removes and returns up to <paramref name="count"/> elements from the tail.</summary>
    /// <param name="key">The key.</param>
    /// <param name="count">How many (not negative).</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The elements, tail first; empty when the key does not exist or <paramref name="count"/> is 0.</returns>
    public ValueTask<RedisValue[]> RPopAsync(RedisKey key, long count, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        return SendKeyArguments(ListTokens.RPop, key, CollectionParsers.Values, cancellationToken, count);
    }

    /// <summary>LLEN: the length of the list.</summary>
    /// <param name="key">The key.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The length; 0 when the key does not exist.</returns>
    public ValueTask<long> LLenAsync(RedisKey key, CancellationToken cancellationToken = default) =>
        SendKeyCommand(ListTokens.LLen, key, ReplyParsers.Int64, cancellationToken);

    /// <summary>LRANGE: the elements from <paramref name="start"/> to <paramref name="stop"/>, both inclusive.</summary>
    /// <param name="key">The key.</param>
    /// <param name="start">The first index; negative counts from the tail (-1 is the last element).</param>
    /// <param name="stop">The last index, inclusive; negative counts from the tail.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The elements; empty when the key does not exist or the range is empty.</returns>
    public ValueTask<RedisValue[]> LRangeAsync(RedisKey key, long start = 0, long stop = -1, CancellationToken cancellationToken = default) =>
        SendKeyArguments(ListTokens.LRange, key, CollectionParsers.Values, cancellationToken, start, stop);

    /// <summary>LINDEX: the element at <paramref name="index"/>.</summary>
    /// <param name="key">The key.</param>
    /// <param name="index">The index; negative counts from the tail.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The element; <see cref="RedisValue.Null"/> when the index is out of range or the key does not exist.</returns>
    public ValueTask<RedisValue> LIndexAsync(RedisKey key, long index, CancellationToken cancellationToken = default) =>
        SendKeyArguments(ListTokens.LIndex, key, ReplyParsers.Value, cancellationToken, index);

    /// <summary>LPOS: the index of the first element equal to <paramref name="element"/> (or the match <see cref="ListPositionOptions.Rank"/> picks).</summary>
    /// <param name="key">The key.</param>
    /// <param name="element">The element to look for.</param>
    /// <param name="options">Which match and how far to search; null for the first match in the whole list.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The index from the head; null when there is no match or the key does not exist.</returns>
    public ValueTask<long?> LPosAsync(RedisKey key, RedisValue element, ListPositionOptions? options = null, CancellationToken cancellationToken = default) =>
        SendLPos(key, element, count: null, options, ReplyParsers.NullableInt64, cancellationToken);

    /// <summary>LPOS … COUNT: the indexes of up to <paramref name="count"/> elements equal to <paramref name="element"/>.</summary>
    /// <param name="key">The key.</param>
    /// <param name="element">The element to look for.</param>
    /// <param name="count">The most matches to return; 0 returns every match.</param>
    /// <param name="options">Which match to start from and how far to search; null for the whole list from the head.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The indexes from the head, in the order found; empty when there is no match or the key does not exist.</returns>
    public ValueTask<long[]> LPosAsync(RedisKey key, RedisValue element, long count, ListPositionOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        return SendLPos(key, element, count, options, CollectionParsers.Int64s, cancellationToken);
    }

    private ValueTask<T> SendLPos<T>(
        in RedisKey key, in RedisValue element, long? count, ListPositionOptions? options, ReplyParser<T> parser, CancellationToken cancellationToken)
    {
        ThrowIfNull(key);
        ThrowIfNullValue(ListTokens.LPos, element, nameof(element));
        options?.Validate();
        var rank = options?.Rank ?? 1;
        var maxLength = options?.MaxLength ?? 0;
        var command = Rent(ListTokens.LPos, parser);
        RespWriter.WriteArrayHeader(command, 3 + (rank == 1 ? 0 : 2) + (count is null ? 0 : 2) + (maxLength == 0 ? 0 : 2));
        ListTokens.LPos.WriteName(command);
        RespWriter.WriteBulkString(command, key);
        RespWriter.WriteBulkString(command, element);
        if (rank != 1)
        {
            RespWriter.WriteCommandToken(command, ListTokens.Rank);
            RespWriter.WriteBulkString(command, rank);
        }

        if (count is { } limit)
        {
            RespWriter.WriteCommandToken(command, ListTokens.Count);
            RespWriter.WriteBulkString(command, limit);
        }

        if (maxLength != 0)
        {
            RespWriter.WriteCommandToken(command, ListTokens.MaxLen);
            RespWriter.WriteBulkString(command, maxLength);
        }

        return Send(command, cancellationToken);
    }
}
