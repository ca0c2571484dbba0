using Multiplex.Commands;

namespace Multiplex;

/// <summary>Sending commands built with <see cref="CommandArgumentList"/>.</summary>
public abstract partial class RedisCommands
{
    /// <summary>Encodes and queues a command built as an argument list; it is routed by its spec.</summary>
    private protected ValueTask<T> SendArguments<T>(CommandArgumentList arguments, ReplyParser<T> parser, CancellationToken cancellationToken)
    {
        var command = Rent(arguments.Command, parser);
        arguments.WriteTo(command);
        return Send(command, cancellationToken);
    }

    private protected static CommandArgumentList AddFlushMode(CommandArgumentList arguments, FlushMode mode) => mode switch
    {
        FlushMode.Default => arguments,
        FlushMode.Async => arguments.Add(ScriptingTokens.Async),
        FlushMode.Sync => arguments.Add(ScriptingTokens.Sync),
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "Unknown flush mode."),
    };
}
