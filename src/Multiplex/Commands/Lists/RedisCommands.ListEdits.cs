using Multiplex.Commands;
using Multiplex.Commands.Lists;
using Multiplex.Protocol;

namespace Multiplex;

/// <summary>List commands: editing in place and moving elements between lists.</summary>
public abstract partial class RedisCommands
{
    /// <summary>LSET: replaces the element at <paramref name="index"/>.</summary>
    /// <param name="key">The key.</param>
    /// <param name="index">The index; negative counts from the tail.</param>
    /// <param name="value">The new element.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>A task that completes when the element is set.</returns>
    /// <exception cref="RedisServerException">The index is out of range, or the key does not exist.</exception>
    public ValueTask LSetAsync(RedisKey key, long index, RedisValue value, CancellationToken cancellationToken = default)
    {
        ThrowIfNullValue(ListTokens.LSet, value, nameof(value));
        return DiscardAsync(SendKeyArguments(ListTokens.LSet, key, ReplyParsers.Boolean, cancellationToken, index, value));
    }

    /// <summary>LINSERT: inserts <paramref name="value"/> before or after the first element equal to <paramref name="pivot"/>.</summary>
    /// <param name="key">The key.</param>
    /// <param name="position">Before or after the pivot.</param>
    /// <param name="pivot">The element to insert next to.</param>
    /// <param name="value">The new element.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The length of the list afterwards; -1 when the pivot was not found; 0 when the key does not exist.</returns>
    public ValueTask<long> LInsertAsync(
        RedisKey key, ListInsertPosition position, RedisValue pivot, RedisValue value, CancellationToken cancellationToken = default)
    {
        ThrowIfNull(key);
        ThrowIfNullValue(ListTokens.LInsert, pivot, nameof(pivot));
        ThrowIfNullValue(ListTokens.LInsert, value, nameof(value));
        var command = Rent(ListTokens.LInsert, ReplyParsers.Int64);
        RespWriter.WriteArrayHeader(command, 5);
        ListTokens.LInsert.WriteName(command);
        RespWriter.WriteBulkString(command, key);
        RespWriter.WriteCommandToken(command, position == ListInsertPosition.Before ? ListTokens.Before : ListTokens.After);
        RespWriter.WriteBulkString(command, pivot);
        RespWriter.WriteBulkString(command, value);
        return Send(command, cancellationToken);
    }

    /// <summary>LREM: removes elements equal to <paramref name="value"/>.</summary>
    /// <param name="key">The key.</param>
    /// <param name="count">Positive: the first <paramref name="count"/> matches from the head. Negative: the first |count| from the tail. 0: every match.</param>
    /// <param name="value">The element to remove.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>How many elements were removed; 0 when the key does not exist.</returns>
    public ValueTask<long> LRemAsync(RedisKey key, long count, RedisValue value, CancellationToken cancellationToken = default) =>
        SendKeyArguments(ListTokens.LRem, key, ReplyParsers.Int64, cancellationToken, count, value);

    /// <summary>LTRIM: keeps only the elements from <paramref name="start"/> to <paramref name="stop"/>, both inclusive.</summary>
    /// <param name="key">The key.</param>
    /// <param name="start">The first index to keep; negative counts from the tail.</param>
    /// <param name="stop">The last index to keep; negative counts from the tail.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>A task that completes when the list is trimmed (an empty range deletes the key).</returns>
    public ValueTask LTrimAsync(RedisKey key, long start, long stop, CancellationToken cancellationToken = default) =>
        DiscardAsync(SendKeyArguments(ListTokens.LTrim, key, ReplyParsers.Boolean, cancellationToken, start, stop));

    /// <summary>LMOVE: pops an element from one end of <paramref name="source"/> and pushes it on one end of <paramref name="destination"/>.</summary>
    /// <param name="source">The list to pop from.</param>
    /// <param name="destination">The list to push to (may be <paramref name="source"/>, to rotate it).</param>
    /// <param name="from">The end of the source to pop.</param>
    /// <param name="to">The end of the destination to push.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The moved element; <see cref="RedisValue.Null"/> when the source does not exist (nothing moves).</returns>
    public ValueTask<RedisValue> LMoveAsync(RedisKey source, RedisKey destination, ListSide from, ListSide to, CancellationToken cancellationToken = default)
    {
        ThrowIfNull(source);
        ThrowIfNull(destination);
        var command = Rent(ListTokens.LMove, ReplyParsers.Value);
        RespWriter.WriteArrayHeader(command, 5);
        ListTokens.LMove.WriteName(command);
        RespWriter.WriteBulkString(command, source);
        RespWriter.WriteBulkString(command, destination);
        RespWriter.WriteCommandToken(command, ListTokens.For(from));
        RespWriter.WriteCommandToken(command, ListTokens.For(to));
        return Send(command, cancellationToken);
    }

    /// <summary>RPOPLPUSH: pops the tail of <paramref name="source"/> and pushes it on the head of <paramref name="destination"/> (LMOVE RIGHT LEFT).</summary>
    /// <param name="source">The list to pop from.</param>
    /// <param name="destination">The list to push to.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The moved element; <see cref="RedisValue.Null"/> when the source does not exist.</returns>
    public ValueTask<RedisValue> RPopLPushAsync(RedisKey source, RedisKey destination, CancellationToken cancellationToken = default)
    {
        ThrowIfNull(source);
        ThrowIfNull(destination);
        var command = Rent(ListTokens.RPopLPush, ReplyParsers.Value);
        CommandEncoder.Write(command, ListTokens.RPopLPush, [source, destination]);
        return Send(command, cancellationToken);
    }

    /// <summary>LMPOP (non-blocking): pops elements from the first non-empty list among <paramref name="keys"/>.</summary>
    /// <param name="keys">The lists, checked in order (at least one).</param>
    /// <param name="side">The end to pop from.</param>
    /// <param name="count">The most elements to pop (positive; default 1).</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The list popped from and its elements; null when every list is empty or missing.</returns>
    public ValueTask<ListPopResult?> LMPopAsync(IReadOnlyList<RedisKey> keys, ListSide side, long count = 1, CancellationToken cancellationToken = default)
    {
        ThrowIfInvalidKeys(ListTokens.LMPop, keys);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        var command = Rent(ListTokens.LMPop, ListPopResultParser.Instance);
        RespWriter.WriteArrayHeader(command, 3 + keys.Count + (count == 1 ? 0 : 2));
        ListTokens.LMPop.WriteName(command);
        RespWriter.WriteBulkString(command, keys.Count);
        Commands.Collections.CollectionEncoder.WriteKeys(command, keys);
        RespWriter.WriteCommandToken(command, ListTokens.For(side));
        if (count != 1)
        {
            RespWriter.WriteCommandToken(command, ListTokens.Count);
            RespWriter.WriteBulkString(command, count);
        }

        return Send(command, cancellationToken);
    }
}
