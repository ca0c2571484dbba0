using System.Runtime.CompilerServices;
using Multiplex.Commands;

namespace Multiplex;

/// <summary>Sending commands built with <see cref="CommandArguments"/>.</summary>
public abstract partial class RedisCommands
{
    /// <summary>Encodes <paramref name="token"/> with <paramref name="arguments"/> and queues it.</summary>
    private protected ValueTask<T> Send<T>(CommandSpec token, CommandArguments arguments, ReplyParser<T> parser, CancellationToken cancellationToken)
    {
        var command = Rent(token, parser);
        arguments.WriteTo(command, token);
        return Send(command, cancellationToken);
    }

    /// <summary>Throws unless <paramref name="keys"/> holds at least one key and no null key.</summary>
    private protected static void ThrowIfEmptyList(IReadOnlyList<RedisKey> keys, CommandSpec token, string parameterName = "keys")
    {
        ArgumentNullException.ThrowIfNull(keys, parameterName);
        if (keys.Count == 0)
        {
            throw new ArgumentException($"{token.Name} needs at least one key.", parameterName);
        }

        foreach (var key in keys)
        {
            ThrowIfNull(key);
        }
    }

    /// <summary>Throws unless <paramref name="values"/> holds at least one value and no null.</summary>
    private protected static void ThrowIfEmptyList(IReadOnlyList<RedisValue> values, CommandSpec token, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(values, parameterName);
        if (values.Count == 0)
        {
            throw new ArgumentException($"{token.Name} needs at least one value.", parameterName);
        }

        foreach (var value in values)
        {
            if (value.IsNull)
            {
                throw new ArgumentException($"{token.Name} cannot send a null value.", parameterName);
            }
        }
    }

    private protected static CommandArguments AddKeyList(CommandArguments arguments, IReadOnlyList<RedisKey> keys)
    {
        for (var i = 0; i < keys.Count; i++)
        {
            arguments.Add(keys[i]);
        }

        return arguments;
    }

    private protected static CommandArguments AddValueList(CommandArguments arguments, IReadOnlyList<RedisValue> values)
    {
        for (var i = 0; i < values.Count; i++)
        {
            arguments.Add(values[i]);
        }

        return arguments;
    }

    /// <summary>
    /// How long to wait for a blocking command's reply: the server's own timeout plus the command timeout
    /// as the allowance for the network; forever when the server waits forever (zero).
    /// </summary>
    private protected TimeSpan BlockingReplyTimeout(TimeSpan serverTimeout) =>
        serverTimeout == TimeSpan.Zero ? Timeout.InfiniteTimeSpan : serverTimeout + Options.CommandTimeout;

    /// <summary>Throws unless a blocking timeout is zero (wait forever) or positive.</summary>
    private protected static void ThrowIfNegative(TimeSpan timeout, [CallerArgumentExpression(nameof(timeout))] string? parameterName = null)
    {
        if (timeout < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(parameterName, timeout, "The timeout must be zero (wait forever) or positive.");
        }
    }
}
