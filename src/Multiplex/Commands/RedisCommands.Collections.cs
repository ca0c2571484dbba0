using System.Runtime.CompilerServices;
using Multiplex.Commands;
using Multiplex.Commands.Collections;

namespace Multiplex;

/// <summary>Validation and sending helpers shared by the hash, list and set commands.</summary>
public abstract partial class RedisCommands
{
    /// <summary>Sends <c>COMMAND key arg…</c> after checking the key and that no argument is null.</summary>
    private protected ValueTask<T> SendKeyArguments<T>(
        CommandSpec token,
        in RedisKey key,
        ReplyParser<T> parser,
        CancellationToken cancellationToken,
        params ReadOnlySpan<RedisValue> arguments)
    {
        ThrowIfNull(key);
        foreach (var argument in arguments)
        {
            ThrowIfNullValue(token, argument, nameof(arguments));
        }

        // A cached read (HGET, SISMEMBER, ZSCORE, …) is looked up before a command is rented for it.
        if (TryReadCached(token, key, arguments, parser, out var cached, out var lookup))
        {
            return new ValueTask<T>(cached);
        }

        var command = Rent(token, parser);
        CollectionEncoder.Write(command, token, key, arguments);
        return Send(command, cancellationToken, lookup);
    }

    /// <summary>Sends <c>COMMAND key value…</c> after checking the key and the values (at least one unless <paramref name="allowEmpty"/>).</summary>
    private protected ValueTask<T> SendKeyValues<T>(
        CommandSpec token,
        in RedisKey key,
        IReadOnlyList<RedisValue> values,
        ReplyParser<T> parser,
        CancellationToken cancellationToken,
        bool allowEmpty = false,
        [CallerArgumentExpression(nameof(values))] string? valuesName = null)
    {
        ThrowIfNull(key);
        ThrowIfInvalidValues(token, values, allowEmpty, valuesName);
        var command = Rent(token, parser);
        CollectionEncoder.Write(command, token, key, values);
        return Send(command, cancellationToken);
    }

    /// <summary>Sends <c>COMMAND [destination] key…</c>.</summary>
    private protected ValueTask<T> SendKeys<T>(
        CommandSpec token,
        RedisKey? destination,
        IReadOnlyList<RedisKey> keys,
        ReplyParser<T> parser,
        CancellationToken cancellationToken,
        [CallerArgumentExpression(nameof(keys))] string? keysName = null)
    {
        if (destination is { } target)
        {
            ThrowIfNull(target);
        }

        ThrowIfInvalidKeys(token, keys, keysName);
        var command = Rent(token, parser);
        CollectionEncoder.WriteKeys(command, token, destination, keys);
        return Send(command, cancellationToken);
    }

    private protected static void ThrowIfInvalidKeys(CommandSpec token, IReadOnlyList<RedisKey> keys, string? paramName = "keys")
    {
        ArgumentNullException.ThrowIfNull(keys, paramName);
        if (keys.Count == 0)
        {
            throw new ArgumentException($"{token.Name} needs at least one key.", paramName);
        }

        for (var i = 0; i < keys.Count; i++)
        {
            if (keys[i].IsNull)
            {
                throw new ArgumentException($"{token.Name}: the key at index {i} is null.", paramName);
            }
        }
    }

    private protected static void ThrowIfInvalidValues(CommandSpec token, IReadOnlyList<RedisValue> values, bool allowEmpty, string? paramName)
    {
        ArgumentNullException.ThrowIfNull(values, paramName);
        if (values.Count == 0 && !allowEmpty)
        {
            throw new ArgumentException($"{token.Name} needs at least one argument.", paramName);
        }

        for (var i = 0; i < values.Count; i++)
        {
            if (values[i].IsNull)
            {
                throw new ArgumentException($"{token.Name}: the value at index {i} is null; Redis has no null argument.", paramName);
            }
        }
    }

    private protected static void ThrowIfNullValue(CommandSpec token, in RedisValue value, string paramName)
    {
        if (value.IsNull)
        {
            throw new ArgumentException($"{token.Name} needs a value; Redis has no null argument.", paramName);
        }
    }

    /// <summary>Pages through a cursor command until the server returns cursor 0.</summary>
    private protected async IAsyncEnumerable<T> ScanAsync<T>(
        CommandSpec token,
        RedisKey key,
        RedisValue pattern,
        int? count,
        ReplyParser<CursorPage<T>> parser,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        RedisValue cursor = 0;
        while (true)
        {
            var command = Rent(token, parser);
            ScanEncoder.Write(command, token, key, cursor, pattern, count);
            var page = await Send(command, cancellationToken).ConfigureAwait(false);
            foreach (var item in page.Items)
            {
                yield return item;
            }

            if (page.IsFinal)
            {
                yield break;
            }

            cursor = page.Cursor;
        }
    }

    /// <summary>Awaits a reply (such as <c>OK</c>) whose value carries nothing; errors still surface.</summary>
    private protected static async ValueTask DiscardAsync<T>(ValueTask<T> reply) => await reply.ConfigureAwait(false);

    private protected static void ThrowIfInvalidScan(in RedisKey key, int? count)
    {
        ThrowIfNull(key);
        if (count is { } hint)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(hint, nameof(count));
        }
    }
}
