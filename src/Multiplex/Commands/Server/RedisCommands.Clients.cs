using Multiplex.Commands;

namespace Multiplex;

/// <summary>CLIENT commands: LIST, INFO, ID, GETNAME, SETNAME, KILL, NO-EVICT, NO-TOUCH, PAUSE, UNPAUSE.</summary>
/// <remarks>
/// The connection-scoped ones (ID, INFO, GETNAME, SETNAME, NO-EVICT, NO-TOUCH) act on whichever
/// multiplexed connection carries the command, shared with every other caller; a reconnect resets
/// what SETNAME, NO-EVICT and NO-TOUCH changed.
/// </remarks>
public abstract partial class RedisCommands
{
    private static readonly ReplyParser<ClientInfo[]> ClientListParser = ServerParsers.FromResult(result => ClientInfo.ParseList((string?)result));

    private static readonly ReplyParser<ClientInfo> ClientInfoParser = ServerParsers.FromResult(result => ClientInfo.Parse((string?)result ?? string.Empty));

    /// <summary>CLIENT LIST: the server's connections.</summary>
    /// <param name="type">Only connections of this kind (<c>TYPE</c>); null for all.</param>
    /// <param name="ids">Only the connections with these ids (<c>ID</c>); null or empty for all.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>One entry per connection.</returns>
    [RedisCommand("CLIENT", "LIST")]
    public ValueTask<ClientInfo[]> ClientListAsync(ClientType? type = null, IReadOnlyList<long>? ids = null, CancellationToken cancellationToken = default)
    {
        var arguments = new CommandArgumentList(ServerTokens.ClientList);
        if (type is { } kind)
        {
            arguments.Add(ServerTokens.Type, ClientTypeName(kind));
        }

        if (ids is { Count: > 0 })
        {
            arguments.Add(ServerTokens.Id);
            foreach (var id in ids)
            {
                arguments.Add(id);
            }
        }

        return SendArguments(arguments, ClientListParser, cancellationToken);
    }

    /// <summary>CLIENT INFO: the connection that carries this command (Redis 6.2+).</summary>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The connection's entry.</returns>
    [RedisCommand("CLIENT", "INFO")]
    public ValueTask<ClientInfo> ClientInfoAsync(CancellationToken cancellationToken = default) =>
        SendArguments(new CommandArgumentList(ServerTokens.ClientInfo), ClientInfoParser, cancellationToken);

    /// <summary>CLIENT ID: the id of the connection that carries this command.</summary>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The connection id.</returns>
    [RedisCommand("CLIENT", "ID")]
    public ValueTask<long> ClientIdAsync(CancellationToken cancellationToken = default) =>
        SendArguments(new CommandArgumentList(ServerTokens.ClientId), ReplyParsers.Int64, cancellationToken);

    /// <summary>CLIENT GETNAME: the name of the connection that carries this command.</summary>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The name, or null when none is set.</returns>
    [RedisCommand("CLIENT", "GETNAME")]
    public ValueTask<string?> ClientGetNameAsync(CancellationToken cancellationToken = default) =>
        SendArguments(new CommandArgumentList(ServerTokens.ClientGetName), ReplyParsers.String, cancellationToken);

    /// <summary>CLIENT KILL: closes the connections that match every filter that is set. Admin.</summary>
    /// <param name="filter">Which connections (at least one filter).</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>How many connections were closed.</returns>
    /// <exception cref="InvalidOperationException">Admin commands are not allowed.</exception>
    [RedisCommand("CLIENT", "KILL")]
    public ValueTask<long> ClientKillAsync(ClientKillFilter filter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        if (filter.IsEmpty)
        {
            throw new ArgumentException("CLIENT KILL needs at least one filter; an empty filter would match every client.", nameof(filter));
        }

        var arguments = new CommandArgumentList(ServerTokens.ClientKill);
        AddIfSet(arguments, ServerTokens.Id, filter.Id is { } id ? id : RedisValue.Null);
        AddIfSet(arguments, ServerTokens.Addr, filter.Address);
        AddIfSet(arguments, ServerTokens.LAddr, filter.LocalAddress);
        AddIfSet(arguments, ServerTokens.User, filter.User);
        if (filter.Type is { } type)
        {
            arguments.Add(ServerTokens.Type, ClientTypeName(type));
        }

        if (filter.SkipMe is { } skipMe)
        {
            arguments.Add(ServerTokens.SkipMe).Add(skipMe ? ServerTokens.Yes : ServerTokens.No);
        }

        return SendArguments(arguments, ReplyParsers.Int64, cancellationToken);
    }

    /// <summary>CLIENT PAUSE: holds back other clients' commands for a while. Admin.</summary>
    /// <param name="duration">How long (millisecond resolution, positive).</param>
    /// <param name="mode">Hold back every command, or only writes.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>A task that completes when the pause has started.</returns>
    /// <exception cref="InvalidOperationException">Admin commands are not allowed.</exception>
    [RedisCommand("CLIENT", "PAUSE")]
    public ValueTask ClientPauseAsync(TimeSpan duration, ClientPauseMode mode = ClientPauseMode.All, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(duration, TimeSpan.Zero);
        var arguments = new CommandArgumentList(ServerTokens.ClientPause)
            .Add((long)Math.Ceiling(duration.TotalMilliseconds))
            .Add(mode == ClientPauseMode.Write ? ServerTokens.Write : ServerTokens.All);
        return SendAdmin(arguments, cancellationToken);
    }

    /// <summary>CLIENT UNPAUSE: ends a CLIENT PAUSE early (Redis 6.2+).</summary>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>A task that completes when resumed.</returns>
    [RedisCommand("CLIENT", "UNPAUSE")]
    public async ValueTask ClientUnpauseAsync(CancellationToken cancellationToken = default) =>
        await SendArguments(new CommandArgumentList(ServerTokens.ClientUnpause), ServerParsers.Acknowledged, cancellationToken).ConfigureAwait(false);

    private static void AddIfSet(CommandArgumentList arguments, Protocol.CommandToken keyword, RedisValue value)
    {
        if (!value.IsNull)
        {
            arguments.Add(keyword, value);
        }
    }

    private static string ClientTypeName(ClientType type) => type switch
    {
        ClientType.Normal => "normal",
        ClientType.Primary => "master",
        ClientType.Replica => "replica",
        ClientType.PubSub => "pubsub",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown client type."),
    };
}
