using Multiplex.Commands;
using Multiplex.Commands.Collections;
using Multiplex.Commands.Hashes;
using Multiplex.Protocol;

namespace Multiplex;

/// <summary>Hash-field expiry commands (Redis 7.4+, and servers such as Garnet that implement them).</summary>
public abstract partial class RedisCommands
{
    /// <summary>HEXPIRE (or HPEXPIRE below whole seconds): sets a time to live on fields of a hash.</summary>
    /// <param name="key">The key.</param>
    /// <param name="expiry">The time to live (zero deletes the fields at once; not negative).</param>
    /// <param name="fields">The field names (at least one).</param>
    /// <param name="when">A condition on each field's current expiry.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>One result per field, in order.</returns>
    public ValueTask<HashFieldExpireResult[]> HExpireAsync(
        RedisKey key, TimeSpan expiry, IReadOnlyList<RedisValue> fields, ExpireWhen when = ExpireWhen.Always, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(expiry, TimeSpan.Zero);
        var wholeSeconds = expiry.Ticks % TimeSpan.TicksPerSecond == 0;
        return wholeSeconds
            ? SendFieldExpire(HashTokens.HExpire, key, (long)expiry.TotalSeconds, when, fields, cancellationToken)
            : SendFieldExpire(HashTokens.HPExpire, key, (long)Math.Ceiling(expiry.TotalMilliseconds), when, fields, cancellationToken);
    }

    /// <summary>HPEXPIRE: sets a time to live in milliseconds on fields of a hash.</summary>
    /// <param name="key">The key.</param>
    /// <param name="milliseconds">The time to live in milliseconds (zero deletes the fields at once; not negative).</param>
    /// <param name="fields">The field names (at least one).</param>
    /// <param name="when">A condition on each field's current expiry.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>One result per field, in order.</returns>
    public ValueTask<HashFieldExpireResult[]> HPExpireAsync(
        RedisKey key, long milliseconds, IReadOnlyList<RedisValue> fields, ExpireWhen when = ExpireWhen.Always, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(milliseconds);
        return SendFieldExpire(HashTokens.HPExpire, key, milliseconds, when, fields, cancellationToken);
    }

    /// <summary>HEXPIREAT (or HPEXPIREAT below whole seconds): sets an absolute expiry time on fields of a hash.</summary>
    /// <param name="key">The key.</param>
    /// <param name="expiresAt">When the fields expire (a time in the past deletes them at once).</param>
    /// <param name="fields">The field names (at least one).</param>
    /// <param name="when">A condition on each field's current expiry.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>One result per field, in order.</returns>
    public ValueTask<HashFieldExpireResult[]> HExpireAtAsync(
        RedisKey key, DateTimeOffset expiresAt, IReadOnlyList<RedisValue> fields, ExpireWhen when = ExpireWhen.Always, CancellationToken cancellationToken = default)
    {
        var milliseconds = expiresAt.ToUnixTimeMilliseconds();
        ArgumentOutOfRangeException.ThrowIfNegative(milliseconds, nameof(expiresAt));
        var wholeSeconds = milliseconds % 1000 == 0;
        return wholeSeconds
            ? SendFieldExpire(HashTokens.HExpireAt, key, milliseconds / 1000, when, fields, cancellationToken)
            : SendFieldExpire(HashTokens.HPExpireAt, key, milliseconds, when, fields, cancellationToken);
    }

    /// <summary>HPEXPIREAT: sets an absolute expiry time, in Unix milliseconds, on fields of a hash.</summary>
    /// <param name="key">The key.</param>
    /// <param name="unixTimeMilliseconds">When the fields expire, in milliseconds since 1970-01-01 UTC (not negative).</param>
    /// <param name="fields">The field names (at least one).</param>
    /// <param name="when">A condition on each field's current expiry.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>One result per field, in order.</returns>
    public ValueTask<HashFieldExpireResult[]> HPExpireAtAsync(
        RedisKey key, long unixTimeMilliseconds, IReadOnlyList<RedisValue> fields, ExpireWhen when = ExpireWhen.Always, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(unixTimeMilliseconds);
        return SendFieldExpire(HashTokens.HPExpireAt, key, unixTimeMilliseconds, when, fields, cancellationToken);
    }

    /// <summary>HTTL: the remaining time to live of fields, in seconds.</summary>
    /// <param name="key">The key.</param>
    /// <param name="fields">The field names (at least one).</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>One value per field: seconds; -1 when the field has no expiry; -2 when it (or the key) does not exist.</returns>
    public ValueTask<long[]> HTtlAsync(RedisKey key, IReadOnlyList<RedisValue> fields, CancellationToken cancellationToken = default) =>
        SendFieldQuery(HashTokens.HTtl, key, fields, CollectionParsers.Int64s, cancellationToken);

    /// <summary>HPTTL: the remaining time to live of fields, in milliseconds.</summary>
    /// <param name="key">The key.</param>
    /// <param name="fields">The field names (at least one).</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>One value per field: milliseconds; -1 when the field has no expiry; -2 when it (or the key) does not exist.</returns>
    public ValueTask<long[]> HPTtlAsync(RedisKey key, IReadOnlyList<RedisValue> fields, CancellationToken cancellationToken = default) =>
        SendFieldQuery(HashTokens.HPTtl, key, fields, CollectionParsers.Int64s, cancellationToken);

    /// <summary>HEXPIRETIME: the absolute expiry time of fields, in Unix seconds.</summary>
    /// <param name="key">The key.</param>
    /// <param name="fields">The field names (at least one).</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>One value per field: Unix seconds; -1 when the field has no expiry; -2 when it (or the key) does not exist.</returns>
    public ValueTask<long[]> HExpireTimeAsync(RedisKey key, IReadOnlyList<RedisValue> fields, CancellationToken cancellationToken = default) =>
        SendFieldQuery(HashTokens.HExpireTime, key, fields, CollectionParsers.Int64s, cancellationToken);

    /// <summary>HPEXPIRETIME: the absolute expiry time of fields, in Unix milliseconds.</summary>
    /// <param name="key">The key.</param>
    /// <param name="fields">The field names (at least one).</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>One value per field: Unix milliseconds; -1 when the field has no expiry; -2 when it (or the key) does not exist.</returns>
    public ValueTask<long[]> HPExpireTimeAsync(RedisKey key, IReadOnlyList<RedisValue> fields, CancellationToken cancellationToken = default) =>
        SendFieldQuery(HashTokens.HPExpireTime, key, fields, CollectionParsers.Int64s, cancellationToken);

    /// <summary>HPERSIST: removes the expiry of fields.</summary>
    /// <param name="key">The key.</param>
    /// <param name="fields">The field names (at least one).</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>One result per field, in order.</returns>
    public ValueTask<HashFieldPersistResult[]> HPersistAsync(RedisKey key, IReadOnlyList<RedisValue> fields, CancellationToken cancellationToken = default) =>
        SendFieldQuery(HashTokens.HPersist, key, fields, HashFieldParsers.PersistResults, cancellationToken);

    /// <summary>Sends <c>COMMAND key amount [condition] FIELDS n field…</c>.</summary>
    private ValueTask<HashFieldExpireResult[]> SendFieldExpire(
        CommandSpec token, in RedisKey key, long amount, ExpireWhen when, IReadOnlyList<RedisValue> fields, CancellationToken cancellationToken)
    {
        ThrowIfNull(key);
        ThrowIfInvalidValues(token, fields, allowEmpty: false, nameof(fields));
        var command = Rent(token, HashFieldParsers.ExpireResults);
        RespWriter.WriteArrayHeader(command, 5 + (when == ExpireWhen.Always ? 0 : 1) + fields.Count);
        token.WriteName(command);
        RespWriter.WriteBulkString(command, key);
        RespWriter.WriteBulkString(command, amount);
        if (when != ExpireWhen.Always)
        {
            RespWriter.WriteCommandToken(command, CommandTokens.For(when));
        }

        WriteFields(command, fields);
        return Send(command, cancellationToken);
    }

    /// <summary>Sends <c>COMMAND key FIELDS n field…</c>.</summary>
    private ValueTask<T> SendFieldQuery<T>(
        CommandSpec token, in RedisKey key, IReadOnlyList<RedisValue> fields, ReplyParser<T> parser, CancellationToken cancellationToken)
    {
        ThrowIfNull(key);
        ThrowIfInvalidValues(token, fields, allowEmpty: false, nameof(fields));
        var command = Rent(token, parser);
        RespWriter.WriteArrayHeader(command, 4 + fields.Count);
        token.WriteName(command);
        RespWriter.WriteBulkString(command, key);
        WriteFields(command, fields);
        return Send(command, cancellationToken);
    }

    private static void WriteFields(System.Buffers.IBufferWriter<byte> command, IReadOnlyList<RedisValue> fields)
    {
        RespWriter.WriteCommandToken(command, HashTokens.Fields);
        RespWriter.WriteBulkString(command, fields.Count);
        CollectionEncoder.WriteValues(command, fields);
    }
}
