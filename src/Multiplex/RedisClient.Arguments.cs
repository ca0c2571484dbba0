using Multiplex.Commands;
using Multiplex.Protocol;

namespace Multiplex;

/// <summary>Sending commands built with <see cref="CommandArguments"/>.</summary>
public sealed partial class RedisClient
{
    /// <summary>Encodes <paramref name="token"/> with <paramref name="arguments"/> and routes it by <paramref name="key"/>.</summary>
    private ValueTask<T> Send<T>(CommandToken token, CommandArguments arguments, ReplyParser<T> parser, in RedisKey key, CancellationToken cancellationToken)
    {
        var command = Rent(token, parser);
        arguments.WriteTo(command, token);
        return Send(command, key, cancellationToken);
    }

    /// <summary>Throws unless <paramref name="keys"/> holds at least one key and no null key.</summary>
    private static void ThrowIfEmptyList(IReadOnlyList<RedisKey> keys, CommandToken token, string parameterName = "keys")
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
    private static void ThrowIfEmptyList(IReadOnlyList<RedisValue> values, CommandToken token, string parameterName)
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

    private static CommandArguments AddKeyList(CommandArguments arguments, IReadOnlyList<RedisKey> keys)
    {
        for (var i = 0; i < keys.Count; i++)
        {
            arguments.Add(keys[i]);
        }

        return arguments;
    }

    private static CommandArguments AddValueList(CommandArguments arguments, IReadOnlyList<RedisValue> values)
    {
        for (var i = 0; i < values.Count; i++)
        {
            arguments.Add(values[i]);
        }

        return arguments;
    }
}
