using Multiplex.Commands;
using Multiplex.Commands.Geo;
using Multiplex.Commands.SortedSets;
using Multiplex.Protocol;
using Multiplex.Topology;

namespace Multiplex;

/// <summary>
/// Commands Redis keeps for compatibility, each superseded by a newer one (named in its summary).
/// They are here so code ported from other clients finds them.
/// </summary>
public abstract partial class RedisCommands
{
    private static readonly CommandSpec HMSet = CommandSpec.Write("HMSET", KeySpec.First);
    private static readonly CommandSpec SubStr = CommandSpec.Read("SUBSTR", KeySpec.First);
    private static readonly CommandSpec ZRevRange = CommandSpec.Read("ZREVRANGE", KeySpec.First);
    private static readonly CommandSpec XSetId = CommandSpec.Write("XSETID", KeySpec.First);

    // GEORADIUS and GEORADIUSBYMEMBER may store their result (STORE, STOREDIST): the server flags them write.
    private static readonly CommandSpec GeoRadius =
        CommandSpec.Write("GEORADIUS", KeySpec.First.And(KeySpec.AfterKeyword("STORE", 6)).And(KeySpec.AfterKeyword("STOREDIST", 6)));
    private static readonly CommandSpec GeoRadiusRo = CommandSpec.Read("GEORADIUS_RO", KeySpec.First);
    private static readonly CommandSpec GeoRadiusByMember =
        CommandSpec.Write("GEORADIUSBYMEMBER", KeySpec.First.And(KeySpec.AfterKeyword("STORE", 5)).And(KeySpec.AfterKeyword("STOREDIST", 5)));
    private static readonly CommandSpec GeoRadiusByMemberRo = CommandSpec.Read("GEORADIUSBYMEMBER_RO", KeySpec.First);
    private static readonly CommandToken WithScores = CommandToken.Get("WITHSCORES");

    /// <summary>HMSET (superseded by HSET): sets several fields of a hash.</summary>
    /// <param name="key">The hash.</param>
    /// <param name="fields">The fields and values (at least one).</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>A task that completes when the server has set the fields.</returns>
    public ValueTask HMSetAsync(RedisKey key, IReadOnlyList<HashEntry> fields, CancellationToken cancellationToken = default)
    {
        ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(fields);
        if (fields.Count == 0)
        {
            throw new ArgumentException("HMSET needs at least one field.", nameof(fields));
        }

        var arguments = CommandArguments.Rent().Add(key);
        foreach (var field in fields)
        {
            arguments.Add(field.Name).Add(field.Value);
        }

        return new ValueTask(Send(HMSet, arguments, ReplyParsers.Boolean, cancellationToken).AsTask());
    }

    /// <summary>SUBSTR (superseded by GETRANGE): the part of the string from <paramref name="start"/> to <paramref name="end"/>.</summary>
    /// <param name="key">The key.</param>
    /// <param name="start">The first byte (negative counts from the end).</param>
    /// <param name="end">The last byte, inclusive.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The substring; empty when the key does not exist.</returns>
    public ValueTask<RedisValue> SubStrAsync(RedisKey key, long start, long end, CancellationToken cancellationToken = default)
    {
        ThrowIfNull(key);
        return Send(SubStr, CommandArguments.Rent().Add(key).Add(start).Add(end), ReplyParsers.Value, cancellationToken);
    }

    /// <summary>ZREVRANGE (superseded by ZRANGE … REV): members ranked <paramref name="start"/> to <paramref name="stop"/> from the highest score.</summary>
    /// <param name="key">The sorted set.</param>
    /// <param name="start">The first rank (0 is the highest score).</param>
    /// <param name="stop">The last rank, inclusive.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The members, highest score first; empty when the key does not exist.</returns>
    public ValueTask<RedisValue[]> ZRevRangeAsync(RedisKey key, long start, long stop, CancellationToken cancellationToken = default)
    {
        ThrowIfNull(key);
        return Send(ZRevRange, CommandArguments.Rent().Add(key).Add(start).Add(stop), SortedSetParsers.Values, cancellationToken);
    }

    /// <summary>ZREVRANGE … WITHSCORES (superseded by ZRANGE … REV WITHSCORES).</summary>
    /// <param name="key">The sorted set.</param>
    /// <param name="start">The first rank (0 is the highest score).</param>
    /// <param name="stop">The last rank, inclusive.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The members with their scores, highest first.</returns>
    public ValueTask<SortedSetEntry[]> ZRevRangeWithScoresAsync(RedisKey key, long start, long stop, CancellationToken cancellationToken = default)
    {
        ThrowIfNull(key);
        return Send(ZRevRange, CommandArguments.Rent().Add(key).Add(start).Add(stop).Add(WithScores), SortedSetParsers.Entries, cancellationToken);
    }

    /// <summary>XSETID: sets the last id of a stream (used to restore a stream's state).</summary>
    /// <param name="key">The stream (it must exist).</param>
    /// <param name="lastId">The new last id, not lower than the stream's greatest entry id.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>A task that completes when the id is set.</returns>
    public ValueTask XSetIdAsync(RedisKey key, string lastId, CancellationToken cancellationToken = default)
    {
        ThrowIfNull(key);
        ArgumentException.ThrowIfNullOrWhiteSpace(lastId);
        return new ValueTask(Send(XSetId, CommandArguments.Rent().Add(key).Add(lastId), ReplyParsers.Boolean, cancellationToken).AsTask());
    }

    /// <summary>GEORADIUS (superseded by GEOSEARCH): members within <paramref name="radius"/> of a position, nearest first.</summary>
    /// <param name="key">The geo set.</param>
    /// <param name="longitude">The centre's longitude.</param>
    /// <param name="latitude">The centre's latitude.</param>
    /// <param name="radius">The radius (positive).</param>
    /// <param name="unit">The unit of <paramref name="radius"/>.</param>
    /// <param name="readOnly">Send GEORADIUS_RO, which replicas accept.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The members, nearest first.</returns>
    [RedisCommand("GEORADIUS")]
    [RedisCommand("GEORADIUS_RO")]
    public ValueTask<RedisValue[]> GeoRadiusAsync(RedisKey key, double longitude, double latitude, double radius, GeoUnit unit = GeoUnit.Meters, bool readOnly = false, CancellationToken cancellationToken = default)
    {
        ThrowIfNull(key);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(radius);
        var arguments = CommandArguments.Rent().Add(key).Add(longitude).Add(latitude).Add(radius).Add(GeoTokens.For(unit)).Add(GeoTokens.Asc);
        return Send(readOnly ? GeoRadiusRo : GeoRadius, arguments, SortedSetParsers.Values, cancellationToken);
    }

    /// <summary>GEORADIUSBYMEMBER (superseded by GEOSEARCH … FROMMEMBER): members within <paramref name="radius"/> of <paramref name="member"/>, nearest first.</summary>
    /// <param name="key">The geo set.</param>
    /// <param name="member">The member at the centre.</param>
    /// <param name="radius">The radius (positive).</param>
    /// <param name="unit">The unit of <paramref name="radius"/>.</param>
    /// <param name="readOnly">Send GEORADIUSBYMEMBER_RO, which replicas accept.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The members (the centre included), nearest first.</returns>
    [RedisCommand("GEORADIUSBYMEMBER")]
    [RedisCommand("GEORADIUSBYMEMBER_RO")]
    public ValueTask<RedisValue[]> GeoRadiusByMemberAsync(RedisKey key, RedisValue member, double radius, GeoUnit unit = GeoUnit.Meters, bool readOnly = false, CancellationToken cancellationToken = default)
    {
        ThrowIfNull(key);
        if (member.IsNull)
        {
            throw new ArgumentException("GEORADIUSBYMEMBER needs a member.", nameof(member));
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(radius);
        var arguments = CommandArguments.Rent().Add(key).Add(member).Add(radius).Add(GeoTokens.For(unit)).Add(GeoTokens.Asc);
        return Send(readOnly ? GeoRadiusByMemberRo : GeoRadiusByMember, arguments, SortedSetParsers.Values, cancellationToken);
    }
}
