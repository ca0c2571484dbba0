using System.Buffers;
using Multiplex.Commands;
using Multiplex.Commands.Strings;
using Multiplex.Protocol;

namespace Multiplex;

/// <summary>String commands.</summary>
public abstract partial class RedisCommands
{
    /// <summary>GET: the value of <paramref name="key"/>, or <see cref="RedisValue.Null"/> when it does not exist.</summary>
    /// <param name="key">The key.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The value.</returns>
    public ValueTask<RedisValue> GetAsync(RedisKey key, CancellationToken cancellationToken = default) =>
        SendKeyCommand(CommandTokens.Get, key, ReplyParsers.Value, cancellationToken);

    /// <summary>
    /// GET into a buffer rented from the shared array pool: the value of <paramref name="key"/>, or null when
    /// it does not exist. For large values that are used and dropped (a document handed to a deserializer),
    /// a value above 64 KiB is received straight into the rented buffer, so reading it allocates nothing
    /// of its size. Dispose the lease when done with its bytes. Never answered from the client-side cache.
    /// </summary>
    /// <param name="key">The key.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The value in a lease, or null.</returns>
    public ValueTask<RedisLease?> GetLeaseAsync(RedisKey key, CancellationToken cancellationToken = default)
    {
        ThrowIfNull(key);
        var command = Rent(CommandTokens.Get, LeaseParser.Instance);
        CommandEncoder.Write(command, CommandTokens.Get, key);
        return Send(command, cancellationToken);
    }

    /// <summary>SET: stores <paramref name="value"/> at <paramref name="key"/>.</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The value (not null).</param>
    /// <param name="expiry">Time to live (<c>PX</c>, or <c>EX</c> when it is whole seconds); null for none.</param>
    /// <param name="when">Set only when the key does (not) exist (<c>NX</c>/<c>XX</c>).</param>
    /// <param name="keepTtl">Keep the key's current time to live (<c>KEEPTTL</c>); not with <paramref name="expiry"/>.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>True when the value was set; false when the <paramref name="when"/> condition was not met.</returns>
    public ValueTask<bool> SetAsync(
        RedisKey key,
        RedisValue value,
        TimeSpan? expiry = null,
        When when = When.Always,
        bool keepTtl = false,
        CancellationToken cancellationToken = default)
    {
        ThrowIfNull(key);
        if (value.IsNull)
        {
            throw new ArgumentException("SET needs a value; Redis has no null value (use DelAsync to remove a key).", nameof(value));
        }

        if (expiry is { } ttl && ttl <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(expiry), ttl, "The expiry must be positive.");
        }

        if (keepTtl && expiry is not null)
        {
            throw new ArgumentException("SET cannot both keep the current TTL (keepTtl) and set a new expiry.", nameof(keepTtl));
        }

        var command = Rent(CommandTokens.Set, ReplyParsers.Boolean);
        WriteSet(command, key, value, expiry is { } relative ? ExpiryArgument.Relative(relative, nameof(expiry)) : null, when, keepTtl);
        return Send(command, cancellationToken);
    }

    /// <summary>SET with <c>EXAT</c>/<c>PXAT</c>: stores <paramref name="value"/> at <paramref name="key"/> until a point in time.</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The value (not null).</param>
    /// <param name="expiresAt">When the key expires (<c>EXAT</c> when it is whole seconds, <c>PXAT</c> otherwise).</param>
    /// <param name="when">Set only when the key does (not) exist (<c>NX</c>/<c>XX</c>).</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>True when the value was set; false when the <paramref name="when"/> condition was not met.</returns>
    public ValueTask<bool> SetAsync(RedisKey key, RedisValue value, DateTimeOffset expiresAt, When when = When.Always, CancellationToken cancellationToken = default)
    {
        ThrowIfNull(key);
        ThrowIfNullValue(value, "SET");
        var expiry = ExpiryArgument.Absolute(expiresAt, nameof(expiresAt));
        var command = Rent(CommandTokens.Set, ReplyParsers.Boolean);
        WriteSet(command, key, value, expiry, when, keepTtl: false);
        return Send(command, cancellationToken);
    }

    /// <summary>SET with <c>GET</c>: stores <paramref name="value"/> and returns the value it replaced.</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The value (not null).</param>
    /// <param name="expiry">Time to live (<c>PX</c>, or <c>EX</c> when it is whole seconds); null for none.</param>
    /// <param name="when">Set only when the key does (not) exist (<c>NX</c>/<c>XX</c>).</param>
    /// <param name="keepTtl">Keep the key's current time to live (<c>KEEPTTL</c>); not with <paramref name="expiry"/>.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>
    /// The old value, or <see cref="RedisValue.Null"/> when the key did not exist. Whether the new value was
    /// stored depends on <paramref name="when"/> only; the reply is the old value either way.
    /// </returns>
    public ValueTask<RedisValue> SetAndGetAsync(
        RedisKey key,
        RedisValue value,
        TimeSpan? expiry = null,
        When when = When.Always,
        bool keepTtl = false,
        CancellationToken cancellationToken = default)
    {
        ThrowIfNull(key);
        ThrowIfNullValue(value, "SET");
        var argument = expiry is { } ttl ? ExpiryArgument.Relative(ttl, nameof(expiry)) : (ExpiryArgument?)null;
        if (keepTtl && expiry is not null)
        {
            throw new ArgumentException("SET cannot both keep the current TTL (keepTtl) and set a new expiry.", nameof(keepTtl));
        }

        var command = Rent(CommandTokens.Set, ReplyParsers.Value);
        WriteSet(command, key, value, argument, when, keepTtl, get: true);
        return Send(command, cancellationToken);
    }

    /// <summary>SET with <c>GET</c> and <c>EXAT</c>/<c>PXAT</c>: stores <paramref name="value"/> until a point in time and returns the value it replaced.</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The value (not null).</param>
    /// <param name="expiresAt">When the key expires.</param>
    /// <param name="when">Set only when the key does (not) exist (<c>NX</c>/<c>XX</c>).</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The old value, or <see cref="RedisValue.Null"/> when the key did not exist.</returns>
    public ValueTask<RedisValue> SetAndGetAsync(RedisKey key, RedisValue value, DateTimeOffset expiresAt, When when = When.Always, CancellationToken cancellationToken = default)
    {
        ThrowIfNull(key);
        ThrowIfNullValue(value, "SET");
        var expiry = ExpiryArgument.Absolute(expiresAt, nameof(expiresAt));
        var command = Rent(CommandTokens.Set, ReplyParsers.Value);
        WriteSet(command, key, value, expiry, when, keepTtl: false, get: true);
        return Send(command, cancellationToken);
    }

    /// <summary>INCR: adds 1 to the integer at <paramref name="key"/> (0 when missing).</summary>
    /// <param name="key">The key.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The new value.</returns>
    public ValueTask<long> IncrAsync(RedisKey key, CancellationToken cancellationToken = default) =>
        SendKeyCommand(CommandTokens.Incr, key, ReplyParsers.Int64, cancellationToken);

    /// <summary>INCRBY: adds <paramref name="increment"/> to the integer at <paramref name="key"/>.</summary>
    /// <param name="key">The key.</param>
    /// <param name="increment">The amount to add (may be negative).</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The new value.</returns>
    public ValueTask<long> IncrByAsync(RedisKey key, long increment, CancellationToken cancellationToken = default) =>
        SendKeyCommand(CommandTokens.IncrBy, key, increment, cancellationToken);

    /// <summary>DECR: subtracts 1 from the integer at <paramref name="key"/>.</summary>
    /// <param name="key">The key.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The new value.</returns>
    public ValueTask<long> DecrAsync(RedisKey key, CancellationToken cancellationToken = default) =>
        SendKeyCommand(CommandTokens.Decr, key, ReplyParsers.Int64, cancellationToken);

    /// <summary>DECRBY: subtracts <paramref name="decrement"/> from the integer at <paramref name="key"/>.</summary>
    /// <param name="key">The key.</param>
    /// <param name="decrement">The amount to subtract.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The new value.</returns>
    public ValueTask<long> DecrByAsync(RedisKey key, long decrement, CancellationToken cancellationToken = default) =>
        SendKeyCommand(CommandTokens.DecrBy, key, decrement, cancellationToken);

    private static void WriteSet(IBufferWriter<byte> writer, in RedisKey key, in RedisValue value, ExpiryArgument? expiry, When when, bool keepTtl, bool get = false)
    {
        var count = 3 + (expiry is null ? 0 : 2) + (when == When.Always ? 0 : 1) + (keepTtl ? 1 : 0) + (get ? 1 : 0);
        RespWriter.WriteArrayHeader(writer, count);
        CommandTokens.Set.WriteName(writer);
        RespWriter.WriteBulkString(writer, key);
        RespWriter.WriteBulkString(writer, value);
        expiry?.Write(writer);
        if (when != When.Always)
        {
            RespWriter.WriteCommandToken(writer, when == When.NotExists ? CommandTokens.Nx : CommandTokens.Xx);
        }

        if (keepTtl)
        {
            RespWriter.WriteCommandToken(writer, CommandTokens.KeepTtl);
        }

        if (get)
        {
            RespWriter.WriteCommandToken(writer, StringTokens.GetOption);
        }
    }

    private static void ThrowIfNullValue(in RedisValue value, string commandName, string parameterName = "value")
    {
        if (value.IsNull)
        {
            throw new ArgumentException($"{commandName} needs a value; Redis has no null value.", parameterName);
        }
    }

    private ValueTask<long> SendKeyCommand(CommandSpec token, in RedisKey key, long argument, CancellationToken cancellationToken)
    {
        ThrowIfNull(key);
        var command = Rent(token, ReplyParsers.Int64);
        CommandEncoder.Write(command, token, key, argument);
        return Send(command, cancellationToken);
    }

    /// <summary>Sends <c>COMMAND key</c>; a cached read is answered from the client cache when it holds it.</summary>
    private ValueTask<T> SendKeyCommand<T>(CommandSpec token, in RedisKey key, ReplyParser<T> parser, CancellationToken cancellationToken)
    {
        ThrowIfNull(key);

        // A cached read (GET, STRLEN, SMEMBERS, HGETALL, …) is looked up before a command is rented for it.
        if (TryReadCached(token, key, parser, out var cached, out var lookup))
        {
            return new ValueTask<T>(cached);
        }

        var command = Rent(token, parser);
        CommandEncoder.Write(command, token, key);
        return Send(command, cancellationToken, lookup);
    }
}
