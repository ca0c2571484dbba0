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

    // Commands that would change the state of the connection that carries them, for every caller of
    // it (and only until the next reconnect). They get their own APIs (options applied in every handshake,
    // dedicated sessions, pub/sub streams, transactions).
    private static readonly HashSet<string> ConnectionStateCommands = new(StringComparer.OrdinalIgnoreCase)
    {
        "SELECT", "HELLO", "AUTH", "QUIT", "RESET", "MULTI", "EXEC", "DISCARD", "WATCH", "UNWATCH",
        "SUBSCRIBE", "PSUBSCRIBE", "SSUBSCRIBE", "UNSUBSCRIBE", "PUNSUBSCRIBE", "SUNSUBSCRIBE", "MONITOR",
        "SYNC", "PSYNC", "READONLY", "READWRITE", "ASKING", "CLIENT|TRACKING", "CLIENT|REPLY", "CLIENT|SETNAME",
        "CLIENT|NO-EVICT", "CLIENT|NO-TOUCH",
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
    /// <see cref="RedisServerException"/>. A command that has a typed method is routed and checked as
    /// that method would be. Refused: commands that change the state of the connection that carries them
    /// (SELECT, MULTI, SUBSCRIBE, CLIENT SETNAME, …) and commands that block it (BLPOP, WAIT, XREAD with
    /// BLOCK, …), decided from the server's command flags: they have their own APIs. Commands the server
    /// flags admin or @dangerous that can change data, configuration or other clients (FLUSHALL,
    /// CONFIG SET, SWAPDB, CLIENT KILL, …) need <see cref="RedisClientOptions.AllowAdminCommands"/>.
    /// </summary>
    /// <param name="command">The command name, for example <c>HSET</c>.</param>
    /// <param name="args">The arguments (none null).</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The reply.</returns>
    /// <exception cref="ArgumentException">The command changes or blocks its connection, or an argument is null.</exception>
    /// <exception cref="InvalidOperationException">An admin command while <see cref="RedisClientOptions.AllowAdminCommands"/> is off.</exception>
    public ValueTask<RedisResult> ExecuteAsync(string command, IReadOnlyList<RedisValue> args, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(command);
        ArgumentNullException.ThrowIfNull(args);
        var subcommand = args.Count > 0 && !args[0].IsNull ? (string?)args[0] : null;
        if (ConnectionStateCommands.Contains(command) || (subcommand is not null && ConnectionStateCommands.Contains($"{command}|{subcommand}")))
        {
            throw new ArgumentException(
                $"{Describe(command, subcommand)} changes the state of the connection that carries it and cannot be sent with ExecuteAsync; use its dedicated API (options, a dedicated session, subscriptions, transactions).",
                nameof(command));
        }

        for (var i = 0; i < args.Count; i++)
        {
            if (args[i].IsNull)
            {
                throw new ArgumentException($"Argument {i} of {command} is null; Redis has no null argument.", nameof(args));
            }
        }

        var spec = CommandRegistry.Find(command, subcommand);
        if ((spec?.IsBlocking ?? ServerCommandFlags.Blocking.Contains(command)) || IsBlockingRead(command, args))
        {
            throw new ArgumentException(
                $"{Describe(command, subcommand)} blocks the connection that carries it and cannot be sent with ExecuteAsync; call its typed method on the client (BLPopAsync, XReadAsync with a block time, …), which runs it on a dedicated connection, or WaitAsync in a dedicated session.",
                nameof(command));
        }

        // A typed command's own spec makes Rent check the admin guard; an untyped one is checked here.
        if (spec is null && IsUntypedAdmin(command, subcommand))
        {
            ThrowIfAdminDisabled(Describe(command, subcommand));
        }

        var pending = Rent(spec is null || spec.IsBlocking ? SpecFor(command) : spec, ReplyParsers.Result);
        CommandEncoder.Write(pending, command, args);
        return Send(pending, cancellationToken);
    }

    /// <summary>XREAD and XREADGROUP block only with a BLOCK argument.</summary>
    private static bool IsBlockingRead(string command, IReadOnlyList<RedisValue> args) =>
        (command.Equals("XREAD", StringComparison.OrdinalIgnoreCase) || command.Equals("XREADGROUP", StringComparison.OrdinalIgnoreCase))
        && args.Any(argument => ((string?)argument)?.Equals("BLOCK", StringComparison.OrdinalIgnoreCase) == true);

    private static bool IsUntypedAdmin(string command, string? subcommand) =>
        ServerCommandFlags.Admin.Contains(command) || (subcommand is not null && ServerCommandFlags.Admin.Contains($"{command}|{subcommand}"));

    private static string Describe(string command, string? subcommand) =>
        subcommand is null || !ServerCommandFlags.IsContainer(command) ? command.ToUpperInvariant() : $"{command.ToUpperInvariant()} {subcommand.ToUpperInvariant()}";

    private static CommandSpec SpecFor(string command)
    {
        if (ExecutedCommandNames.TryGetValue(command, out var token))
        {
            return token;
        }

        token = CommandSpec.Untyped(command.ToUpperInvariant());
        if (ExecutedCommandNames.Count < MaxCachedCommandNames)
        {
            ExecutedCommandNames.TryAdd(command, token);
        }

        return token;
    }
}
