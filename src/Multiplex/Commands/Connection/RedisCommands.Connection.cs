using System.Collections.Concurrent;
using System.Diagnostics;
using Multiplex.Commands;

namespace Multiplex;

/// <summary>Connection commands and the generic command escape hatch.</summary>
public abstract partial class RedisCommands
{
    // Command names seen by ExecuteAsync are encoded once and kept; past this many distinct names the
    // cache stops growing (callers that invent names should not grow memory without bound).
    private const int MaxCachedCommandNames = 1024;

    private static readonly ConcurrentDictionary<string, CommandSpec> ExecutedCommandNames = new(StringComparer.OrdinalIgnoreCase);

    // Commands that would change the shared connection's state for every caller, or block it.
    // They get their own APIs (dedicated connections, pub/sub streams, transactions).
    private static readonly HashSet<string> ConnectionStateCommands = new(StringComparer.OrdinalIgnoreCase)
    {
        "SELECT", "HELLO", "AUTH", "QUIT", "RESET", "MULTI", "EXEC", "DISCARD", "WATCH", "UNWATCH",
        "SUBSCRIBE", "PSUBSCRIBE", "SSUBSCRIBE", "UNSUBSCRIBE", "PUNSUBSCRIBE", "SUNSUBSCRIBE", "MONITOR",
        "BLPOP", "BRPOP", "BLMOVE", "BRPOPLPUSH", "BLMPOP", "BZPOPMIN", "BZPOPMAX", "BZMPOP", "WAIT", "WAITAOF",
        "SYNC", "PSYNC", "CLIENT|TRACKING", "CLIENT|REPLY",
    };

    /// <summary>PING: measures a round trip to the server.</summary>
    /// <param name="cancellationToken">Releases the caller.</param>
    /// <returns>The round-trip time.</returns>
    public async ValueTask<TimeSpan> PingAsync(CancellationToken cancellationToken = default)
    {
        var started = Stopwatch.GetTimestamp();
        var command = Rent(CommandTokens.Ping, ReplyParsers.String);
        CommandEncoder.Write(command, CommandTokens.Ping);
        await Send(command, cancellationToken).ConfigureAwait(false);
        return Stopwatch.GetElapsedTime(started);
    }

    /// <summary>ECHO: the server sends <paramref name="message"/> back.</summary>
    /// <param name="message">The message (not null).</param>
    /// <param name="cancellationToken">Releases the caller.</param>
    /// <returns>The same message.</returns>
    public ValueTask<RedisValue> EchoAsync(RedisValue message, CancellationToken cancellationToken = default)
    {
        if (message.IsNull)
        {
            throw new ArgumentException("ECHO needs a message.", nameof(message));
        }

        var command = Rent(CommandTokens.Echo, ReplyParsers.Value);
        CommandEncoder.Write(command, CommandTokens.Echo, message);
        return Send(command, cancellationToken);
    }

    /// <summary>
    /// Sends any command and returns its reply as a <see cref="RedisResult"/>. Error replies throw
    /// <see cref="RedisServerException"/>. Commands that would block or change the state of the
    /// shared connection (SELECT, MULTI, SUBSCRIBE, BLPOP, …) are refused: they have their own APIs.
    /// </summary>
    /// <param name="command">The command name, for example <c>HSET</c>.</param>
    /// <param name="args">The arguments (none null).</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The reply.</returns>
    public ValueTask<RedisResult> ExecuteAsync(string command, IReadOnlyList<RedisValue> args, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(command);
        ArgumentNullException.ThrowIfNull(args);
        if (ConnectionStateCommands.Contains(command)
            || (args.Count > 0 && ConnectionStateCommands.Contains($"{command}|{args[0]}")))
        {
            throw new ArgumentException(
                $"{command.ToUpperInvariant()} blocks or changes the state of the shared connection and cannot be sent with ExecuteAsync; use its dedicated API.",
                nameof(command));
        }

        for (var i = 0; i < args.Count; i++)
        {
            if (args[i].IsNull)
            {
                throw new ArgumentException($"Argument {i} of {command} is null; Redis has no null argument.", nameof(args));
            }
        }

        var pending = Rent(SpecFor(command), ReplyParsers.Result);
        CommandEncoder.Write(pending, command, args);
        return Send(pending, cancellationToken);
    }

    private static CommandSpec SpecFor(string command)
    {
        if (ExecutedCommandNames.TryGetValue(command, out var token))
        {
            return token;
        }

        token = CommandSpec.Other(command.ToUpperInvariant());
        if (ExecutedCommandNames.Count < MaxCachedCommandNames)
        {
            ExecutedCommandNames.TryAdd(command, token);
        }

        return token;
    }
}
