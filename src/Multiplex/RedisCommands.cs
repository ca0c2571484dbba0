using Multiplex.Caching;
using Multiplex.Commands;
using Multiplex.Connections;
using Multiplex.Diagnostics;
using Multiplex.Topology;
using Multiplex.Views;

namespace Multiplex;

/// <summary>
/// The Redis commands, written once and offered wherever they are valid: on <see cref="RedisClient"/>,
/// on a batch (<see cref="RedisBatch.Commands"/>), on a transaction (<see cref="RedisTransaction.Commands"/>)
/// and on a dedicated session (<see cref="RedisDedicatedSession.Commands"/>). Every method here sends
/// one command and completes with its one reply. Methods named after their Redis command
/// (<c>HSetAsync</c> sends HSET), so the Redis documentation is the reference.
/// </summary>
/// <remarks>
/// What a surface cannot do is not offered on it: iterating a cursor (<c>ScanAsync</c>) needs replies
/// before the next command, so it is on <see cref="RedisInteractiveCommands"/> (the client, sessions,
/// watch contexts) only; blocking commands, subscriptions, MONITOR, batches, transactions and sessions
/// are on <see cref="RedisClient"/> only; WAIT and WAITAOF on <see cref="RedisSessionCommands"/> only.
/// </remarks>
public abstract partial class RedisCommands
{
    private readonly ICommandSink _sink;

    private protected RedisCommands(RedisClientOptions options, ICommandSink sink, KeyPrefixer? prefixer = null)
    {
        Options = options;
        _sink = prefixer is null ? sink : new KeyPrefixSink(sink, prefixer);
        Prefixer = prefixer;
    }

    /// <summary>The options of the client these commands run on.</summary>
    public RedisClientOptions Options { get; }

    /// <summary>
    /// The prefix of the key-prefix view these commands were made through (surfaces made from a view, such
    /// as its batches and sessions, keep it); null for the client itself.
    /// </summary>
    internal KeyPrefixer? Prefixer { get; }

    /// <summary>
    /// Whether these commands are held and sent together later (a batch, a transaction), so no reply can
    /// be read before the next command is queued.
    /// </summary>
    private protected virtual bool QueuesCommands => false;

    /// <summary>
    /// Takes a pooled command object for <paramref name="command"/> with the client's command timeout;
    /// refuses an admin command unless <see cref="RedisClientOptions.AllowAdminCommands"/> is set.
    /// </summary>
    private protected PendingCommand<T> Rent<T>(CommandSpec command, ReplyParser<T> parser)
    {
        if (command.IsAdmin && !Options.AllowAdminCommands)
        {
            ThrowAdminDisabled(command.Name);
        }

        return PendingCommand<T>.Rent(command, parser, Options.CommandTimeout);
    }

    /// <summary>Hands an encoded command to this surface's sink; the task completes with its reply.</summary>
    /// <param name="command">The encoded command.</param>
    /// <param name="cancellationToken">Releases the caller.</param>
    /// <param name="lookup">
    /// What looking the read up in the cache before renting its command found, when it missed
    /// (<see cref="TryReadCached{T}(CommandSpec, RedisKey, ReplyParser{T}, out T, out CacheLookup)"/>): it is
    /// not looked up again, and its place in the cache is held only when it was admitted.
    /// </param>
    private protected ValueTask<T> Send<T>(PendingCommand<T> command, CancellationToken cancellationToken, CacheLookup lookup = CacheLookup.None)
    {
        if (command.Encoded.Length > Options.MaxValueLength)
        {
            ThrowIfArgumentTooLong(command);
        }

        if (_clientCache is { } cache)
        {
            if (_readsFromCache && cache.Caches(command.Command))
            {
                return SendCached(cache, command, cancellationToken, lookup);
            }

            if ((command.Command.Traits & CommandTraits.Write) != 0)
            {
                InvalidateWrittenKeys(cache, command);
            }
        }

        return SendToSink(command, cancellationToken);
    }

    /// <summary>Hands a command to the sink, with telemetry when it is on.</summary>
    private ValueTask<T> SendToSink<T>(PendingCommand<T> command, CancellationToken cancellationToken)
    {
        if (Instrumentation.IsActive && !QueuesCommands)
        {
            return SendInstrumented(command, cancellationToken);
        }

        var task = command.Task;
        _sink.Add(command, cancellationToken);
        return task;
    }

    /// <summary>
    /// <see cref="Send{T}(PendingCommand{T}, CancellationToken, CacheLookup)"/> with the command's span and duration
    /// started here, at the caller's call (a batch's or a transaction's commands have the unit's span instead).
    /// </summary>
    private ValueTask<T> SendInstrumented<T>(PendingCommand<T> command, CancellationToken cancellationToken)
    {
        command.StartTelemetry(Options);
        var task = command.Task;
        try
        {
            _sink.Add(command, cancellationToken);
        }
        catch (Exception ex)
        {
            // Refused before it was queued: its caller is never completed, so the span ends here.
            command.EndTelemetryUnsent(ex);
            throw;
        }

        return task;
    }

    /// <summary>
    /// Refuses (and drops, unsent) a command with an argument longer than
    /// <see cref="RedisClientOptions.MaxValueLength"/>: the server would refuse it after receiving all of it.
    /// </summary>
    private protected void ThrowIfArgumentTooLong(PendingCommand command)
    {
        var frame = command.Encoded;
        var arguments = new Range[CommandFrame.ArgumentCount(frame)];
        var count = CommandFrame.Read(frame, arguments);
        for (var i = 0; i < count; i++)
        {
            var length = (long)arguments[i].GetOffsetAndLength(frame.Length).Length;
            if (length > Options.MaxValueLength)
            {
                var name = command.Command.Name;
                command.MarkAbandoned();
                command.ReleaseWire();
                throw new ArgumentException(
                    $"{name} was not sent: its argument {i} is {length:N0} bytes, more than the largest value the server accepts " +
                    $"({Options.MaxValueLength:N0} bytes: RedisClientOptions.MaxValueLength, the server's proto-max-bulk-len).");
            }
        }
    }

    /// <summary>Throws unless <see cref="RedisClientOptions.AllowAdminCommands"/> is set.</summary>
    private protected void ThrowIfAdminDisabled(string command)
    {
        if (!Options.AllowAdminCommands)
        {
            ThrowAdminDisabled(command);
        }
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private static void ThrowAdminDisabled(string command) =>
        throw new InvalidOperationException(
            $"{command} is an admin command and is disabled: set RedisClientOptions.AllowAdminCommands " +
            "(connection string allowAdmin=true) to allow it.");

    private protected static void ThrowIfNull(in RedisKey key)
    {
        if (key.IsNull)
        {
            throw new ArgumentException("A Redis key is required (the key is null).", nameof(key));
        }
    }
}
