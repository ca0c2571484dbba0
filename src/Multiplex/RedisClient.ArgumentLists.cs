using Multiplex.Commands;

namespace Multiplex;

/// <summary>Sending commands built with <see cref="CommandArgumentList"/>, and the admin-command guard.</summary>
public sealed partial class RedisClient
{
    /// <summary>Encodes and queues a command that touches no key.</summary>
    private ValueTask<T> SendArguments<T>(CommandArgumentList arguments, ReplyParser<T> parser, CancellationToken cancellationToken)
    {
        var command = Rent(arguments.Command, parser);
        arguments.WriteTo(command);
        return Send(command, cancellationToken);
    }

    /// <summary>Encodes a command and routes it by <paramref name="key"/>.</summary>
    private ValueTask<T> SendArguments<T>(CommandArgumentList arguments, in RedisKey key, ReplyParser<T> parser, CancellationToken cancellationToken)
    {
        var command = Rent(arguments.Command, parser);
        arguments.WriteTo(command);
        return Send(command, key, cancellationToken);
    }

    /// <summary>Throws unless <see cref="RedisClientOptions.AllowAdminCommands"/> is set.</summary>
    private void ThrowIfAdminDisabled(string command)
    {
        if (!Options.AllowAdminCommands)
        {
            throw new InvalidOperationException(
                $"{command} is an admin command and is disabled: set RedisClientOptions.AllowAdminCommands " +
                "(connection string allowAdmin=true) to allow it.");
        }
    }

    private static CommandArgumentList AddFlushMode(CommandArgumentList arguments, FlushMode mode) => mode switch
    {
        FlushMode.Default => arguments,
        FlushMode.Async => arguments.Add(ScriptingTokens.Async),
        FlushMode.Sync => arguments.Add(ScriptingTokens.Sync),
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "Unknown flush mode."),
    };
}
