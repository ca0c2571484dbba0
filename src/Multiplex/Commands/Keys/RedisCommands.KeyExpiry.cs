using Multiplex.Commands;
using Multiplex.Commands.Keys;
using Multiplex.Commands.Strings;

namespace Multiplex;

/// <content>Key commands that set, read or remove expiries at points in time.</content>
public abstract partial class RedisCommands
{
    /// <summary>EXPIREAT (or PEXPIREAT below whole seconds): makes <paramref name="key"/> expire at a point in time.</summary>
    /// <param name="key">The key.</param>
    /// <param name="expiresAt">When the key expires (after the Unix epoch; a time in the past deletes the key).</param>
    /// <param name="when">A condition on the current expiry (Redis 7.0+).</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>True when the expiry was set; false when the key does not exist or the condition failed.</returns>
    public ValueTask<bool> ExpireAtAsync(RedisKey key, DateTimeOffset expiresAt, ExpireWhen when = ExpireWhen.Always, CancellationToken cancellationToken = default)
    {
        var milliseconds = ExpiryArgument.ToUnixMilliseconds(expiresAt, nameof(expiresAt));
        return milliseconds % 1000 == 0
            ? SendExpire(KeyTokens.ExpireAt, key, milliseconds / 1000, when, cancellationToken)
            : SendExpire(KeyTokens.PExpireAt, key, milliseconds, when, cancellationToken);
    }

    /// <summary>PEXPIREAT: makes <paramref name="key"/> expire at a Unix time in milliseconds.</summary>
    /// <param name="key">The key.</param>
    /// <param name="unixTimeMilliseconds">Milliseconds since the Unix epoch (positive).</param>
    /// <param name="when">A condition on the current expiry (Redis 7.0+).</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>True when the expiry was set; false when the key does not exist or the condition failed.</returns>
    public ValueTask<bool> PExpireAtAsync(RedisKey key, long unixTimeMilliseconds, ExpireWhen when = ExpireWhen.Always, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(unixTimeMilliseconds);
        return SendExpire(KeyTokens.PExpireAt, key, unixTimeMilliseconds, when, cancellationToken);
    }

    /// <summary>EXPIRETIME: the Unix time in seconds at which <paramref name="key"/> expires (Redis 7.0+).</summary>
    /// <param name="key">The key.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>Seconds since the Unix epoch; -1 when the key has no expiry, -2 when it does not exist.</returns>
    public ValueTask<long> ExpireTimeAsync(RedisKey key, CancellationToken cancellationToken = default) =>
        SendKeyCommand(KeyTokens.ExpireTime, key, ReplyParsers.Int64, cancellationToken);

    /// <summary>PEXPIRETIME: the Unix time in milliseconds at which <paramref name="key"/> expires (Redis 7.0+).</summary>
    /// <param name="key">The key.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>Milliseconds since the Unix epoch; -1 when the key has no expiry, -2 when it does not exist.</returns>
    public ValueTask<long> PExpireTimeAsync(RedisKey key, CancellationToken cancellationToken = default) =>
        SendKeyCommand(KeyTokens.PExpireTime, key, ReplyParsers.Int64, cancellationToken);

    /// <summary>PERSIST: removes the expiry of <paramref name="key"/>.</summary>
    /// <param name="key">The key.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>True when an expiry was removed; false when the key has none or does not exist.</returns>
    public ValueTask<bool> PersistAsync(RedisKey key, CancellationToken cancellationToken = default) =>
        SendKeyCommand(KeyTokens.Persist, key, ReplyParsers.Boolean, cancellationToken);
}
