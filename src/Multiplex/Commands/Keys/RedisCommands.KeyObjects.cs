using Multiplex.Commands;
using Multiplex.Commands.Keys;
using Multiplex.Commands.Strings;
using Multiplex.Connections;
using Multiplex.Protocol;

namespace Multiplex;

/// <content>Key commands that serialize values (DUMP, RESTORE) or inspect them (OBJECT).</content>
public abstract partial class RedisCommands
{
    // RESTORE's FREQ is an 8-bit logarithmic counter.
    private const int MaxRestoreFrequency = 255;

    /// <summary>DUMP: the value at <paramref name="key"/> in Redis's serialization format, for <see cref="RestoreAsync(RedisKey, byte[], TimeSpan?, RestoreOptions?, CancellationToken)"/>.</summary>
    /// <param name="key">The key.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The serialized value (without its expiry), or null when the key does not exist.</returns>
    public ValueTask<byte[]?> DumpAsync(RedisKey key, CancellationToken cancellationToken = default) =>
        SendKeyCommand(KeyTokens.Dump, key, KeyParsers.Bytes, cancellationToken);

    /// <summary>RESTORE: creates <paramref name="key"/> from a value serialized by DUMP.</summary>
    /// <param name="key">The key.</param>
    /// <param name="serializedValue">The bytes DUMP returned.</param>
    /// <param name="timeToLive">The key's time to live (whole milliseconds, positive); null for none.</param>
    /// <param name="options">Replace, idle time or frequency; null for none.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>A task that completes when the key is restored (fails with BUSYKEY when it exists and Replace is off).</returns>
    public ValueTask RestoreAsync(
        RedisKey key,
        byte[] serializedValue,
        TimeSpan? timeToLive = null,
        RestoreOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        long milliseconds = 0;
        if (timeToLive is { } ttl)
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ttl, TimeSpan.Zero, nameof(timeToLive));
            milliseconds = (long)Math.Ceiling(ttl.TotalMilliseconds);
        }

        return IgnoreResult(SendRestore(key, serializedValue, milliseconds, absolute: false, options, cancellationToken));
    }

    /// <summary>RESTORE with <c>ABSTTL</c>: creates <paramref name="key"/> from a value serialized by DUMP, expiring at a point in time.</summary>
    /// <param name="key">The key.</param>
    /// <param name="serializedValue">The bytes DUMP returned.</param>
    /// <param name="expiresAt">When the key expires (after the Unix epoch; a time in the past restores nothing).</param>
    /// <param name="options">Replace, idle time or frequency; null for none.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>A task that completes when the command has run.</returns>
    public ValueTask RestoreAsync(
        RedisKey key,
        byte[] serializedValue,
        DateTimeOffset expiresAt,
        RestoreOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        var milliseconds = ExpiryArgument.ToUnixMilliseconds(expiresAt, nameof(expiresAt));
        return IgnoreResult(SendRestore(key, serializedValue, milliseconds, absolute: true, options, cancellationToken));
    }

    /// <summary>OBJECT ENCODING: how Redis stores the value at <paramref name="key"/> internally (for example <c>listpack</c>, <c>int</c>, <c>embstr</c>).</summary>
    /// <param name="key">The key.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The encoding's name, or null when the key does not exist.</returns>
    public ValueTask<string?> ObjectEncodingAsync(RedisKey key, CancellationToken cancellationToken = default) =>
        SendObject(KeyTokens.ObjectEncoding, key, ReplyParsers.String, cancellationToken);

    /// <summary>OBJECT FREQ: the logarithmic access-frequency counter of <paramref name="key"/> (only under an LFU maxmemory policy; otherwise the server replies with an error).</summary>
    /// <param name="key">The key.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The counter, or null when the key does not exist.</returns>
    public ValueTask<long?> ObjectFreqAsync(RedisKey key, CancellationToken cancellationToken = default) =>
        SendObject(KeyTokens.ObjectFreq, key, ReplyParsers.NullableInt64, cancellationToken);

    /// <summary>OBJECT IDLETIME: the seconds since <paramref name="key"/> was last read or written (not under an LFU maxmemory policy).</summary>
    /// <param name="key">The key.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The idle time in seconds, or null when the key does not exist.</returns>
    public ValueTask<long?> ObjectIdleTimeAsync(RedisKey key, CancellationToken cancellationToken = default) =>
        SendObject(KeyTokens.ObjectIdleTime, key, ReplyParsers.NullableInt64, cancellationToken);

    /// <summary>OBJECT REFCOUNT: the reference count of the value at <paramref name="key"/>.</summary>
    /// <param name="key">The key.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The count, or null when the key does not exist.</returns>
    public ValueTask<long?> ObjectRefCountAsync(RedisKey key, CancellationToken cancellationToken = default) =>
        SendObject(KeyTokens.ObjectRefCount, key, ReplyParsers.NullableInt64, cancellationToken);

    private ValueTask<T> SendObject<T>(CommandSpec subcommand, in RedisKey key, ReplyParser<T> parser, CancellationToken cancellationToken)
    {
        ThrowIfNull(key);
        var command = Rent(subcommand, parser);
        CommandEncoder.Write(command, subcommand, key);
        return Send(command, cancellationToken);
    }

    private ValueTask<bool> SendRestore(in RedisKey key, byte[] serializedValue, long milliseconds, bool absolute, RestoreOptions? options, CancellationToken cancellationToken)
    {
        ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(serializedValue);
        options ??= new RestoreOptions();
        ValidateRestoreOptions(options);
        var count = 4 + (options.Replace ? 1 : 0) + (absolute ? 1 : 0) + (options.IdleTime is null ? 0 : 2) + (options.Frequency is null ? 0 : 2);
        PendingCommand<bool> command = Rent(KeyTokens.Restore, ReplyParsers.Boolean);
        RespWriter.WriteArrayHeader(command, count);
        KeyTokens.Restore.WriteName(command);
        RespWriter.WriteBulkString(command, key);
        RespWriter.WriteBulkString(command, milliseconds);
        RespWriter.WriteBulkString(command, serializedValue);
        if (options.Replace)
        {
            RespWriter.WriteCommandToken(command, KeyTokens.Replace);
        }

        if (absolute)
        {
            RespWriter.WriteCommandToken(command, KeyTokens.AbsTtl);
        }

        if (options.IdleTime is { } idle)
        {
            RespWriter.WriteCommandToken(command, KeyTokens.IdleTime);
            RespWriter.WriteBulkString(command, (long)idle.TotalSeconds);
        }

        if (options.Frequency is { } frequency)
        {
            RespWriter.WriteCommandToken(command, KeyTokens.Freq);
            RespWriter.WriteBulkString(command, frequency);
        }

        return Send(command, cancellationToken);
    }

    private static void ValidateRestoreOptions(RestoreOptions options)
    {
        if (options.IdleTime is not null && options.Frequency is not null)
        {
            throw new ArgumentException("RESTORE takes either an idle time or a frequency, not both.", nameof(options));
        }

        if (options.IdleTime is { } idle && idle < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(options), idle, "The idle time cannot be negative.");
        }

        if (options.Frequency is { } frequency && frequency is < 0 or > MaxRestoreFrequency)
        {
            throw new ArgumentOutOfRangeException(nameof(options), frequency, "The frequency must be between 0 and 255.");
        }
    }
}
