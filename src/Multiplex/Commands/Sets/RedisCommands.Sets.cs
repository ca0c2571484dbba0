using Multiplex.Commands;
using Multiplex.Commands.Collections;
using Multiplex.Commands.Sets;
using Multiplex.Protocol;

namespace Multiplex;

/// <summary>Set commands on one set (see RedisClient.SetAlgebra.cs for commands over several).</summary>
public abstract partial class RedisCommands
{
    /// <summary>SADD: adds one member to the set, creating it if needed.</summary>
    /// <param name="key">The key.</param>
    /// <param name="member">The member.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>True when the member is new; false when it was already there.</returns>
    public ValueTask<bool> SAddAsync(RedisKey key, RedisValue member, CancellationToken cancellationToken = default) =>
        SendKeyArguments(SetTokens.SAdd, key, ReplyParsers.Boolean, cancellationToken, member);

    /// <summary>SADD: adds members to the set, creating it if needed.</summary>
    /// <param name="key">The key.</param>
    /// <param name="members">The members (at least one).</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>How many of the members are new.</returns>
    public ValueTask<long> SAddAsync(RedisKey key, IReadOnlyList<RedisValue> members, CancellationToken cancellationToken = default) =>
        SendKeyValues(SetTokens.SAdd, key, members, ReplyParsers.Int64, cancellationToken);

    /// <summary>SREM: removes one member.</summary>
    /// <param name="key">The key.</param>
    /// <param name="member">The member.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>True when the member was there.</returns>
    public ValueTask<bool> SRemAsync(RedisKey key, RedisValue member, CancellationToken cancellationToken = default) =>
        SendKeyArguments(SetTokens.SRem, key, ReplyParsers.Boolean, cancellationToken, member);

    /// <summary>SREM: removes members; the set is deleted when it becomes empty.</summary>
    /// <param name="key">The key.</param>
    /// <param name="members">The members (at least one).</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>How many of the members were there.</returns>
    public ValueTask<long> SRemAsync(RedisKey key, IReadOnlyList<RedisValue> members, CancellationToken cancellationToken = default) =>
        SendKeyValues(SetTokens.SRem, key, members, ReplyParsers.Int64, cancellationToken);

    /// <summary>SMEMBERS: every member of the set, in no particular order.</summary>
    /// <param name="key">The key.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The members; empty when the key does not exist.</returns>
    public ValueTask<RedisValue[]> SMembersAsync(RedisKey key, CancellationToken cancellationToken = default) =>
        SendKeyCommand(SetTokens.SMembers, key, CollectionParsers.Values, cancellationToken);

    /// <summary>SISMEMBER: whether <paramref name="member"/> is in the set.</summary>
    /// <param name="key">The key.</param>
    /// <param name="member">The member.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>True when it is; false when it is not or the key does not exist.</returns>
    public ValueTask<bool> SIsMemberAsync(RedisKey key, RedisValue member, CancellationToken cancellationToken = default) =>
        SendKeyArguments(SetTokens.SIsMember, key, ReplyParsers.Boolean, cancellationToken, member);

    /// <summary>SMISMEMBER: whether each of <paramref name="members"/> is in the set.</summary>
    /// <param name="key">The key.</param>
    /// <param name="members">The members (at least one).</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>One flag per member, in order; all false when the key does not exist.</returns>
    public ValueTask<bool[]> SMIsMemberAsync(RedisKey key, IReadOnlyList<RedisValue> members, CancellationToken cancellationToken = default) =>
        SendKeyValues(SetTokens.SMIsMember, key, members, CollectionParsers.Booleans, cancellationToken);

    /// <summary>SCARD: how many members the set has.</summary>
    /// <param name="key">The key.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The count; 0 when the key does not exist.</returns>
    public ValueTask<long> SCardAsync(RedisKey key, CancellationToken cancellationToken = default) =>
        SendKeyCommand(SetTokens.SCard, key, ReplyParsers.Int64, cancellationToken);

    /// <summary>SPOP: removes and returns a random member.</summary>
    /// <param name="key">The key.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The member; <see cref="RedisValue.Null"/> when the key does not exist.</returns>
    public ValueTask<RedisValue> SPopAsync(RedisKey key, CancellationToken cancellationToken = default) =>
        SendKeyCommand(SetTokens.SPop, key, ReplyParsers.Value, cancellationToken);

    /// <summary>SPOP with a count: removes and returns up to <paramref name="count"/> distinct random members.</summary>
    /// <param name="key">The key.</param>
    /// <param name="count">How many (not negative).</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The members; empty when the key does not exist or <paramref name="count"/> is 0.</returns>
    public ValueTask<RedisValue[]> SPopAsync(RedisKey key, long count, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        return SendKeyArguments(SetTokens.SPop, key, CollectionParsers.Values, cancellationToken, count);
    }

    /// <summary>SRANDMEMBER: a random member, left in the set.</summary>
    /// <param name="key">The key.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The member; <see cref="RedisValue.Null"/> when the key does not exist.</returns>
    public ValueTask<RedisValue> SRandMemberAsync(RedisKey key, CancellationToken cancellationToken = default) =>
        SendKeyCommand(SetTokens.SRandMember, key, ReplyParsers.Value, cancellationToken);

    /// <summary>SRANDMEMBER with a count: random members, left in the set.</summary>
    /// <param name="key">The key.</param>
    /// <param name="count">
    /// Positive: up to that many distinct members (the whole set when it is smaller). Negative: exactly
    /// |count| members, where the same member may appear more than once.
    /// </param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The members; empty when the key does not exist or <paramref name="count"/> is 0.</returns>
    public ValueTask<RedisValue[]> SRandMemberAsync(RedisKey key, long count, CancellationToken cancellationToken = default) =>
        SendKeyArguments(SetTokens.SRandMember, key, CollectionParsers.Values, cancellationToken, count);

    /// <summary>SMOVE: moves <paramref name="member"/> from <paramref name="source"/> to <paramref name="destination"/>.</summary>
    /// <param name="source">The set to take it from.</param>
    /// <param name="destination">The set to add it to.</param>
    /// <param name="member">The member.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>True when it was moved; false when it is not in the source (nothing changes).</returns>
    public ValueTask<bool> SMoveAsync(RedisKey source, RedisKey destination, RedisValue member, CancellationToken cancellationToken = default)
    {
        ThrowIfNull(source);
        ThrowIfNull(destination);
        ThrowIfNullValue(SetTokens.SMove, member, nameof(member));
        var command = Rent(SetTokens.SMove, ReplyParsers.Boolean);
        RespWriter.WriteArrayHeader(command, 4);
        SetTokens.SMove.WriteName(command);
        RespWriter.WriteBulkString(command, source);
        RespWriter.WriteBulkString(command, destination);
        RespWriter.WriteBulkString(command, member);
        return Send(command, cancellationToken);
    }
}
