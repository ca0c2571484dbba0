using Multiplex.Commands;
using Multiplex.Commands.Strings;
using Multiplex.Protocol;

namespace Multiplex;

/// <content>String commands that get, set or swap whole values.</content>
public abstract partial class RedisCommands
{
    /// <summary>GETEX with <c>EX</c>/<c>PX</c>: the value of <paramref name="key"/>, setting a new time to live on it.</summary>
    /// <param name="key">The key.</param>
    /// <param name="expiry">The new time to live (positive; <c>EX</c> when whole seconds, <c>PX</c> otherwise).</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The value, or <see cref="RedisValue.Null"/> when the key does not exist (nothing is changed then).</returns>
    public ValueTask<RedisValue> GetExAsync(RedisKey key, TimeSpan expiry, CancellationToken cancellationToken = default) =>
        SendGetEx(key, ExpiryArgument.Relative(expiry, nameof(expiry)), cancellationToken);

    /// <summary>GETEX with <c>EXAT</c>/<c>PXAT</c>: the value of <paramref name="key"/>, making it expire at a point in time.</summary>
    /// <param name="key">The key.</param>
    /// <param name="expiresAt">When the key expires (<c>EXAT</c> when whole seconds, <c>PXAT</c> otherwise).</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The value, or <see cref="RedisValue.Null"/> when the key does not exist.</returns>
    public ValueTask<RedisValue> GetExAsync(RedisKey key, DateTimeOffset expiresAt, CancellationToken cancellationToken = default) =>
        SendGetEx(key, ExpiryArgument.Absolute(expiresAt, nameof(expiresAt)), cancellationToken);

    /// <summary>GETEX with <c>PERSIST</c>: the value of <paramref name="key"/>, removing its time to live.</summary>
    /// <param name="key">The key.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The value, or <see cref="RedisValue.Null"/> when the key does not exist.</returns>
    public ValueTask<RedisValue> GetExPersistAsync(RedisKey key, CancellationToken cancellationToken = default)
    {
        ThrowIfNull(key);
        var command = Rent(StringTokens.GetEx, ReplyParsers.Value);
        RespWriter.WriteArrayHeader(command, 3);
        StringTokens.GetEx.WriteName(command);
        RespWriter.WriteBulkString(command, key);
        RespWriter.WriteCommandToken(command, StringTokens.Persist);
        return Send(command, cancellationToken);
    }

    /// <summary>GETDEL: the value of <paramref name="key"/>, deleting the key.</summary>
    /// <param name="key">The key.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The value, or <see cref="RedisValue.Null"/> when the key did not exist.</returns>
    public ValueTask<RedisValue> GetDelAsync(RedisKey key, CancellationToken cancellationToken = default) =>
        SendKeyCommand(StringTokens.GetDel, key, ReplyParsers.Value, cancellationToken);

    /// <summary>GETSET: stores <paramref name="value"/> (removing any time to live) and returns the old value.</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The new value (not null).</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The old value, or <see cref="RedisValue.Null"/> when the key did not exist.</returns>
    public ValueTask<RedisValue> GetSetAsync(RedisKey key, RedisValue value, CancellationToken cancellationToken = default) =>
        SendKeyValueCommand(StringTokens.GetSet, key, value, ReplyParsers.Value, cancellationToken);

    /// <summary>MGET: the values of several keys.</summary>
    /// <param name="keys">The keys (at least one).</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>One value per key, in order; <see cref="RedisValue.Null"/> for a key that is missing or not a string.</returns>
    public ValueTask<RedisValue[]> MGetAsync(IReadOnlyList<RedisKey> keys, CancellationToken cancellationToken = default)
    {
        ThrowIfEmpty(keys, "MGET");
        var command = Rent(StringTokens.MGet, StringParsers.ValueArray);
        RespWriter.WriteArrayHeader(command, 1 + keys.Count);
        StringTokens.MGet.WriteName(command);
        for (var i = 0; i < keys.Count; i++)
        {
            RespWriter.WriteBulkString(command, keys[i]);
        }

        return Send(command, cancellationToken);
    }

    /// <summary>MSET: stores several values at once (atomically), replacing existing values.</summary>
    /// <param name="values">The key/value pairs (at least one; no null values).</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>A task that completes when the values are stored.</returns>
    public ValueTask MSetAsync(IReadOnlyList<KeyValuePair<RedisKey, RedisValue>> values, CancellationToken cancellationToken = default) =>
        IgnoreResult(SendMSet(StringTokens.MSet, values, cancellationToken));

    /// <summary>MSETNX: stores several values only when none of the keys exists.</summary>
    /// <param name="values">The key/value pairs (at least one; no null values).</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>True when every value was stored; false when at least one key existed (nothing is stored then).</returns>
    public ValueTask<bool> MSetNxAsync(IReadOnlyList<KeyValuePair<RedisKey, RedisValue>> values, CancellationToken cancellationToken = default) =>
        SendMSet(StringTokens.MSetNx, values, cancellationToken);

    /// <summary>SETNX: stores <paramref name="value"/> only when <paramref name="key"/> does not exist.</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The value (not null).</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>True when the value was stored; false when the key existed.</returns>
    public ValueTask<bool> SetNxAsync(RedisKey key, RedisValue value, CancellationToken cancellationToken = default) =>
        SendKeyValueCommand(StringTokens.SetNx, key, value, ReplyParsers.Boolean, cancellationToken);

    /// <summary>SETEX: stores <paramref name="value"/> with a time to live in seconds.</summary>
    /// <param name="key">The key.</param>
    /// <param name="seconds">The time to live in seconds (positive).</param>
    /// <param name="value">The value (not null).</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>A task that completes when the value is stored.</returns>
    public ValueTask SetExAsync(RedisKey key, long seconds, RedisValue value, CancellationToken cancellationToken = default) =>
        IgnoreResult(SendSetEx(StringTokens.SetEx, key, seconds, value, nameof(seconds), cancellationToken));

    /// <summary>PSETEX: stores <paramref name="value"/> with a time to live in milliseconds.</summary>
    /// <param name="key">The key.</param>
    /// <param name="milliseconds">The time to live in milliseconds (positive).</param>
    /// <param name="value">The value (not null).</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>A task that completes when the value is stored.</returns>
    public ValueTask PSetExAsync(RedisKey key, long milliseconds, RedisValue value, CancellationToken cancellationToken = default) =>
        IgnoreResult(SendSetEx(StringTokens.PSetEx, key, milliseconds, value, nameof(milliseconds), cancellationToken));

    /// <summary>Completes when <paramref name="task"/> does, dropping its result (an <c>OK</c>); argument errors stay synchronous.</summary>
    private static ValueTask IgnoreResult<T>(ValueTask<T> task)
    {
        if (task.IsCompletedSuccessfully)
        {
            _ = task.Result; // consumes the pooled source
            return default;
        }

        return AwaitIgnoringResult(task);

        static async ValueTask AwaitIgnoringResult(ValueTask<T> pending) => await pending.ConfigureAwait(false);
    }

    private ValueTask<RedisValue> SendGetEx(in RedisKey key, ExpiryArgument expiry, CancellationToken cancellationToken)
    {
        ThrowIfNull(key);
        var command = Rent(StringTokens.GetEx, ReplyParsers.Value);
        RespWriter.WriteArrayHeader(command, 4);
        StringTokens.GetEx.WriteName(command);
        RespWriter.WriteBulkString(command, key);
        expiry.Write(command);
        return Send(command, cancellationToken);
    }

    private ValueTask<bool> SendMSet(CommandSpec token, IReadOnlyList<KeyValuePair<RedisKey, RedisValue>> values, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
        {
            throw new ArgumentException($"{token.Name} needs at least one key and value.", nameof(values));
        }

        foreach (var (key, value) in values)
        {
            ThrowIfNull(key);
            ThrowIfNullValue(value, token.Name, nameof(values));
        }

        var command = Rent(token, ReplyParsers.Boolean);
        RespWriter.WriteArrayHeader(command, 1 + 2 * values.Count);
        token.WriteName(command);
        for (var i = 0; i < values.Count; i++)
        {
            RespWriter.WriteBulkString(command, values[i].Key);
            RespWriter.WriteBulkString(command, values[i].Value);
        }

        return Send(command, cancellationToken);
    }

    private ValueTask<bool> SendSetEx(CommandSpec token, in RedisKey key, long amount, in RedisValue value, string amountName, CancellationToken cancellationToken)
    {
        ThrowIfNull(key);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(amount, amountName);
        ThrowIfNullValue(value, token.Name);
        var command = Rent(token, ReplyParsers.Boolean);
        RespWriter.WriteArrayHeader(command, 4);
        token.WriteName(command);
        RespWriter.WriteBulkString(command, key);
        RespWriter.WriteBulkString(command, amount);
        RespWriter.WriteBulkString(command, value);
        return Send(command, cancellationToken);
    }

    private ValueTask<T> SendKeyValueCommand<T>(CommandSpec token, in RedisKey key, in RedisValue value, ReplyParser<T> parser, CancellationToken cancellationToken)
    {
        ThrowIfNull(key);
        ThrowIfNullValue(value, token.Name);
        var command = Rent(token, parser);
        RespWriter.WriteArrayHeader(command, 3);
        token.WriteName(command);
        RespWriter.WriteBulkString(command, key);
        RespWriter.WriteBulkString(command, value);
        return Send(command, cancellationToken);
    }

    private static void ThrowIfEmpty(IReadOnlyList<RedisKey> keys, string commandName, string parameterName = "keys")
    {
        ArgumentNullException.ThrowIfNull(keys, parameterName);
        if (keys.Count == 0)
        {
            throw new ArgumentException($"{commandName} needs at least one key.", parameterName);
        }

        foreach (var key in keys)
        {
            if (key.IsNull)
            {
                throw new ArgumentException("A Redis key is required (a key is null).", parameterName);
            }
        }
    }
}
