using Multiplex.Commands;
using Multiplex.Commands.Keys;
using Multiplex.Protocol;

namespace Multiplex;

/// <summary>Key commands.</summary>
public abstract partial class RedisCommands
{
    /// <summary>DEL: removes <paramref name="key"/>.</summary>
    /// <param name="key">The key.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>True when the key existed.</returns>
    public ValueTask<bool> DelAsync(RedisKey key, CancellationToken cancellationToken = default) =>
        SendKeyCommand(CommandTokens.Del, key, ReplyParsers.Boolean, cancellationToken);

    /// <summary>DEL: removes every key in <paramref name="keys"/>.</summary>
    /// <param name="keys">The keys (at least one).</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>How many of the keys existed.</returns>
    public ValueTask<long> DelAsync(IReadOnlyList<RedisKey> keys, CancellationToken cancellationToken = default) =>
        SendKeysCommand(CommandTokens.Del, keys, cancellationToken);

    /// <summary>EXISTS: whether <paramref name="key"/> exists.</summary>
    /// <param name="key">The key.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>True when it exists.</returns>
    public ValueTask<bool> ExistsAsync(RedisKey key, CancellationToken cancellationToken = default) =>
        SendKeyCommand(CommandTokens.Exists, key, ReplyParsers.Boolean, cancellationToken);

    /// <summary>EXISTS: how many of <paramref name="keys"/> exist (a key named twice counts twice).</summary>
    /// <param name="keys">The keys (at least one).</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The count.</returns>
    public ValueTask<long> ExistsAsync(IReadOnlyList<RedisKey> keys, CancellationToken cancellationToken = default) =>
        SendKeysCommand(CommandTokens.Exists, keys, cancellationToken);

    /// <summary>UNLINK: removes <paramref name="key"/>, reclaiming its memory in the background.</summary>
    /// <param name="key">The key.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>True when the key existed.</returns>
    public ValueTask<bool> UnlinkAsync(RedisKey key, CancellationToken cancellationToken = default) =>
        SendKeyCommand(KeyTokens.Unlink, key, ReplyParsers.Boolean, cancellationToken);

    /// <summary>UNLINK: removes every key in <paramref name="keys"/>, reclaiming their memory in the background.</summary>
    /// <param name="keys">The keys (at least one).</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>How many of the keys existed.</returns>
    public ValueTask<long> UnlinkAsync(IReadOnlyList<RedisKey> keys, CancellationToken cancellationToken = default) =>
        SendKeysCommand(KeyTokens.Unlink, keys, cancellationToken);

    /// <summary>TOUCH: updates the last access time of <paramref name="key"/>.</summary>
    /// <param name="key">The key.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>True when the key exists.</returns>
    public ValueTask<bool> TouchAsync(RedisKey key, CancellationToken cancellationToken = default) =>
        SendKeyCommand(KeyTokens.Touch, key, ReplyParsers.Boolean, cancellationToken);

    /// <summary>TOUCH: updates the last access time of every key in <paramref name="keys"/>.</summary>
    /// <param name="keys">The keys (at least one).</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>How many of the keys exist.</returns>
    public ValueTask<long> TouchAsync(IReadOnlyList<RedisKey> keys, CancellationToken cancellationToken = default) =>
        SendKeysCommand(KeyTokens.Touch, keys, cancellationToken);

    /// <summary>TYPE: the type of the value stored at <paramref name="key"/>.</summary>
    /// <param name="key">The key.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The type; <see cref="RedisType.None"/> when the key does not exist, <see cref="RedisType.Unknown"/> for a type this client does not know.</returns>
    public ValueTask<RedisType> TypeAsync(RedisKey key, CancellationToken cancellationToken = default) =>
        SendKeyCommand(KeyTokens.Type, key, KeyParsers.Type, cancellationToken);

    /// <summary>RENAME: renames <paramref name="key"/> to <paramref name="newKey"/>, replacing any key of that name.</summary>
    /// <param name="key">The existing key.</param>
    /// <param name="newKey">The new name.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>A task that completes when the key is renamed (fails with a server error when <paramref name="key"/> does not exist).</returns>
    public ValueTask RenameAsync(RedisKey key, RedisKey newKey, CancellationToken cancellationToken = default) =>
        IgnoreResult(SendTwoKeyCommand(KeyTokens.Rename, key, newKey, cancellationToken));

    /// <summary>RENAMENX: renames <paramref name="key"/> to <paramref name="newKey"/> only when no key has that name.</summary>
    /// <param name="key">The existing key.</param>
    /// <param name="newKey">The new name.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>True when renamed; false when <paramref name="newKey"/> exists (a missing <paramref name="key"/> is a server error).</returns>
    public ValueTask<bool> RenameNxAsync(RedisKey key, RedisKey newKey, CancellationToken cancellationToken = default) =>
        SendTwoKeyCommand(KeyTokens.RenameNx, key, newKey, cancellationToken);

    /// <summary>COPY: copies the value at <paramref name="source"/> to <paramref name="destination"/>, optionally in another database.</summary>
    /// <param name="source">The key to copy.</param>
    /// <param name="destination">The key to create.</param>
    /// <param name="database">The destination's database (<c>DB</c>, 0 or more); null for the connection's database.</param>
    /// <param name="replace">Replace an existing destination (<c>REPLACE</c>).</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>True when copied; false when the source does not exist or the destination exists without <paramref name="replace"/>.</returns>
    public ValueTask<bool> CopyAsync(RedisKey source, RedisKey destination, int? database = null, bool replace = false, CancellationToken cancellationToken = default)
    {
        ThrowIfNull(source);
        ThrowIfNull(destination);
        if (database is { } db)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(db, nameof(database));
        }

        var command = Rent(KeyTokens.Copy, ReplyParsers.Boolean);
        RespWriter.WriteArrayHeader(command, 3 + (database is null ? 0 : 2) + (replace ? 1 : 0));
        KeyTokens.Copy.WriteName(command);
        RespWriter.WriteBulkString(command, source);
        RespWriter.WriteBulkString(command, destination);
        if (database is { } index)
        {
            RespWriter.WriteCommandToken(command, KeyTokens.Db);
            RespWriter.WriteBulkString(command, index);
        }

        if (replace)
        {
            RespWriter.WriteCommandToken(command, KeyTokens.Replace);
        }

        return Send(command, cancellationToken);
    }

    /// <summary>MOVE: moves <paramref name="key"/> to another database of the same server.</summary>
    /// <param name="key">The key.</param>
    /// <param name="database">The destination database (0 or more).</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>True when moved; false when the key does not exist here or already exists there.</returns>
    public ValueTask<bool> MoveAsync(RedisKey key, int database, CancellationToken cancellationToken = default)
    {
        ThrowIfNull(key);
        ArgumentOutOfRangeException.ThrowIfNegative(database);
        var command = Rent(KeyTokens.Move, ReplyParsers.Boolean);
        CommandEncoder.Write(command, KeyTokens.Move, key, database);
        return Send(command, cancellationToken);
    }

    /// <summary>RANDOMKEY: a random key of the database.</summary>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>A key; a null key (<see cref="RedisKey.IsNull"/>) when the database is empty.</returns>
    /// <exception cref="NotSupportedException">Called through a key-prefix view: it would return any key of the database.</exception>
    public ValueTask<RedisKey> RandomKeyAsync(CancellationToken cancellationToken = default)
    {
        var command = Rent(KeyTokens.RandomKey, KeyParsers.Key);
        CommandEncoder.Write(command, KeyTokens.RandomKey);
        return Send(command, cancellationToken);
    }

    /// <summary>KEYS: every key matching <paramref name="pattern"/>. It blocks the server while it walks the whole keyspace: prefer <see cref="ScanAsync"/>.</summary>
    /// <param name="pattern">A glob-style pattern (<c>*</c>, <c>?</c>, <c>[abc]</c>).</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>
    /// The matching keys, in no particular order; empty when none match. Through a key-prefix view
    /// (<see cref="RedisClient.WithKeyPrefix"/>), only keys under its prefix, returned without it.
    /// </returns>
    public ValueTask<RedisKey[]> KeysAsync(string pattern, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        var command = Rent(KeyTokens.Keys, KeyParsers.KeyArray);
        CommandEncoder.Write(command, KeyTokens.Keys, (RedisValue)pattern);
        return Send(command, cancellationToken);
    }

    /// <summary>EXPIRE (or PEXPIRE below whole seconds): sets a time to live on <paramref name="key"/>.</summary>
    /// <param name="key">The key.</param>
    /// <param name="expiry">The time to live (positive).</param>
    /// <param name="when">A condition on the current expiry (Redis 7.0+).</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>True when the expiry was set; false when the key does not exist or the condition failed.</returns>
    public ValueTask<bool> ExpireAsync(RedisKey key, TimeSpan expiry, ExpireWhen when = ExpireWhen.Always, CancellationToken cancellationToken = default)
    {
        if (expiry <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(expiry), expiry, "The expiry must be positive (use DelAsync to remove a key now).");
        }

        var wholeSeconds = expiry.Ticks % TimeSpan.TicksPerSecond == 0;
        return wholeSeconds
            ? SendExpire(CommandTokens.Expire, key, (long)expiry.TotalSeconds, when, cancellationToken)
            : SendExpire(CommandTokens.PExpire, key, (long)Math.Ceiling(expiry.TotalMilliseconds), when, cancellationToken);
    }

    /// <summary>PEXPIRE: sets a time to live in milliseconds on <paramref name="key"/>.</summary>
    /// <param name="key">The key.</param>
    /// <param name="milliseconds">The time to live in milliseconds (positive).</param>
    /// <param name="when">A condition on the current expiry (Redis 7.0+).</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>True when the expiry was set.</returns>
    public ValueTask<bool> PExpireAsync(RedisKey key, long milliseconds, ExpireWhen when = ExpireWhen.Always, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(milliseconds);
        return SendExpire(CommandTokens.PExpire, key, milliseconds, when, cancellationToken);
    }

    /// <summary>TTL: the remaining time to live of <paramref name="key"/> in seconds.</summary>
    /// <param name="key">The key.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>Seconds; -1 when the key has no expiry, -2 when it does not exist.</returns>
    public ValueTask<long> TtlAsync(RedisKey key, CancellationToken cancellationToken = default) =>
        SendKeyCommand(CommandTokens.Ttl, key, ReplyParsers.Int64, cancellationToken);

    /// <summary>PTTL: the remaining time to live of <paramref name="key"/> in milliseconds.</summary>
    /// <param name="key">The key.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>Milliseconds; -1 when the key has no expiry, -2 when it does not exist.</returns>
    public ValueTask<long> PTtlAsync(RedisKey key, CancellationToken cancellationToken = default) =>
        SendKeyCommand(CommandTokens.PTtl, key, ReplyParsers.Int64, cancellationToken);

    private ValueTask<bool> SendExpire(CommandSpec token, in RedisKey key, long amount, ExpireWhen when, CancellationToken cancellationToken)
    {
        ThrowIfNull(key);
        var command = Rent(token, ReplyParsers.Boolean);
        RespWriter.WriteArrayHeader(command, when == ExpireWhen.Always ? 3 : 4);
        token.WriteName(command);
        RespWriter.WriteBulkString(command, key);
        RespWriter.WriteBulkString(command, amount);
        if (when != ExpireWhen.Always)
        {
            RespWriter.WriteCommandToken(command, CommandTokens.For(when));
        }

        return Send(command, cancellationToken);
    }

    private ValueTask<bool> SendTwoKeyCommand(CommandSpec token, in RedisKey key, in RedisKey otherKey, CancellationToken cancellationToken)
    {
        ThrowIfNull(key);
        ThrowIfNull(otherKey);
        var command = Rent(token, ReplyParsers.Boolean);
        RespWriter.WriteArrayHeader(command, 3);
        token.WriteName(command);
        RespWriter.WriteBulkString(command, key);
        RespWriter.WriteBulkString(command, otherKey);
        return Send(command, cancellationToken);
    }

    private ValueTask<long> SendKeysCommand(CommandSpec token, IReadOnlyList<RedisKey> keys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keys);
        if (keys.Count == 0)
        {
            throw new ArgumentException($"{token.Name} needs at least one key.", nameof(keys));
        }

        foreach (var key in keys)
        {
            ThrowIfNull(key);
        }

        var command = Rent(token, ReplyParsers.Int64);
        RespWriter.WriteArrayHeader(command, 1 + keys.Count);
        token.WriteName(command);
        for (var i = 0; i < keys.Count; i++)
        {
            RespWriter.WriteBulkString(command, keys[i]);
        }

        return Send(command, cancellationToken);
    }
}
