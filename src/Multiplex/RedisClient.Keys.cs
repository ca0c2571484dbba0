using Multiplex.Commands;
using Multiplex.Protocol;

namespace Multiplex;

/// <summary>Key commands.</summary>
public sealed partial class RedisClient
{
    /// <summary>DEL: removes <paramref name="key"/>.</summary>
    /// <param name="key">The key.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>True when the key existed.</returns>
    public async ValueTask<bool> DelAsync(RedisKey key, CancellationToken cancellationToken = default) =>
        await SendKeyCommand(CommandTokens.Del, key, ReplyParsers.Int64, cancellationToken).ConfigureAwait(false) == 1;

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
    public async ValueTask<bool> ExistsAsync(RedisKey key, CancellationToken cancellationToken = default) =>
        await SendKeyCommand(CommandTokens.Exists, key, ReplyParsers.Int64, cancellationToken).ConfigureAwait(false) == 1;

    /// <summary>EXISTS: how many of <paramref name="keys"/> exist (a key named twice counts twice).</summary>
    /// <param name="keys">The keys (at least one).</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The count.</returns>
    public ValueTask<long> ExistsAsync(IReadOnlyList<RedisKey> keys, CancellationToken cancellationToken = default) =>
        SendKeysCommand(CommandTokens.Exists, keys, cancellationToken);

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

    private ValueTask<bool> SendExpire(CommandToken token, in RedisKey key, long amount, ExpireWhen when, CancellationToken cancellationToken)
    {
        ThrowIfNull(key);
        var command = Rent(token, ReplyParsers.Boolean);
        RespWriter.WriteArrayHeader(command, when == ExpireWhen.Always ? 3 : 4);
        RespWriter.WriteCommandToken(command, token);
        RespWriter.WriteBulkString(command, key);
        RespWriter.WriteBulkString(command, amount);
        if (when != ExpireWhen.Always)
        {
            RespWriter.WriteCommandToken(command, when switch
            {
                ExpireWhen.HasNoExpiry => CommandTokens.Nx,
                ExpireWhen.HasExpiry => CommandTokens.Xx,
                ExpireWhen.GreaterThanCurrent => CommandTokens.Gt,
                _ => CommandTokens.Lt,
            });
        }

        return Send(command, key, cancellationToken);
    }

    private ValueTask<long> SendKeysCommand(CommandToken token, IReadOnlyList<RedisKey> keys, CancellationToken cancellationToken)
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
        RespWriter.WriteCommandToken(command, token);
        for (var i = 0; i < keys.Count; i++)
        {
            RespWriter.WriteBulkString(command, keys[i]);
        }

        return Send(command, keys[0], cancellationToken);
    }
}
