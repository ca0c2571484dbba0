using Multiplex.Commands;
using Multiplex.Commands.Collections;
using Multiplex.Commands.Sets;
using Multiplex.Protocol;

namespace Multiplex;

/// <summary>Set commands over several sets: intersection, union and difference.</summary>
public abstract partial class RedisCommands
{
    /// <summary>SINTER: the members present in every one of <paramref name="keys"/>.</summary>
    /// <param name="keys">The sets (at least one); a missing key is an empty set.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The members, in no particular order.</returns>
    public ValueTask<RedisValue[]> SInterAsync(IReadOnlyList<RedisKey> keys, CancellationToken cancellationToken = default) =>
        SendKeys(SetTokens.SInter, null, keys, CollectionParsers.Values, cancellationToken);

    /// <summary>SUNION: the members present in any of <paramref name="keys"/>.</summary>
    /// <param name="keys">The sets (at least one); a missing key is an empty set.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The members, in no particular order.</returns>
    public ValueTask<RedisValue[]> SUnionAsync(IReadOnlyList<RedisKey> keys, CancellationToken cancellationToken = default) =>
        SendKeys(SetTokens.SUnion, null, keys, CollectionParsers.Values, cancellationToken);

    /// <summary>SDIFF: the members of the first set that are in none of the others.</summary>
    /// <param name="keys">The first set, then the sets to subtract (at least one key); a missing key is an empty set.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The members, in no particular order.</returns>
    public ValueTask<RedisValue[]> SDiffAsync(IReadOnlyList<RedisKey> keys, CancellationToken cancellationToken = default) =>
        SendKeys(SetTokens.SDiff, null, keys, CollectionParsers.Values, cancellationToken);

    /// <summary>SINTERSTORE: stores the intersection of <paramref name="keys"/> at <paramref name="destination"/>, replacing it.</summary>
    /// <param name="destination">Where to store the result (deleted when the result is empty).</param>
    /// <param name="keys">The sets (at least one).</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>How many members the stored set has.</returns>
    public ValueTask<long> SInterStoreAsync(RedisKey destination, IReadOnlyList<RedisKey> keys, CancellationToken cancellationToken = default) =>
        SendKeys(SetTokens.SInterStore, destination, keys, ReplyParsers.Int64, cancellationToken);

    /// <summary>SUNIONSTORE: stores the union of <paramref name="keys"/> at <paramref name="destination"/>, replacing it.</summary>
    /// <param name="destination">Where to store the result (deleted when the result is empty).</param>
    /// <param name="keys">The sets (at least one).</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>How many members the stored set has.</returns>
    public ValueTask<long> SUnionStoreAsync(RedisKey destination, IReadOnlyList<RedisKey> keys, CancellationToken cancellationToken = default) =>
        SendKeys(SetTokens.SUnionStore, destination, keys, ReplyParsers.Int64, cancellationToken);

    /// <summary>SDIFFSTORE: stores the difference of <paramref name="keys"/> at <paramref name="destination"/>, replacing it.</summary>
    /// <param name="destination">Where to store the result (deleted when the result is empty).</param>
    /// <param name="keys">The first set, then the sets to subtract (at least one key).</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>How many members the stored set has.</returns>
    public ValueTask<long> SDiffStoreAsync(RedisKey destination, IReadOnlyList<RedisKey> keys, CancellationToken cancellationToken = default) =>
        SendKeys(SetTokens.SDiffStore, destination, keys, ReplyParsers.Int64, cancellationToken);

    /// <summary>SINTERCARD: how many members the intersection of <paramref name="keys"/> has, without building it.</summary>
    /// <param name="keys">The sets (at least one).</param>
    /// <param name="limit">Stop counting at this many (<c>LIMIT</c>); 0, the default, counts them all.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The size of the intersection, or <paramref name="limit"/> when it is reached.</returns>
    public ValueTask<long> SInterCardAsync(IReadOnlyList<RedisKey> keys, long limit = 0, CancellationToken cancellationToken = default)
    {
        ThrowIfInvalidKeys(SetTokens.SInterCard, keys);
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        var command = Rent(SetTokens.SInterCard, ReplyParsers.Int64);
        RespWriter.WriteArrayHeader(command, 2 + keys.Count + (limit == 0 ? 0 : 2));
        SetTokens.SInterCard.WriteName(command);
        RespWriter.WriteBulkString(command, keys.Count);
        CollectionEncoder.WriteKeys(command, keys);
        if (limit != 0)
        {
            RespWriter.WriteCommandToken(command, SetTokens.Limit);
            RespWriter.WriteBulkString(command, limit);
        }

        return Send(command, cancellationToken);
    }
}
