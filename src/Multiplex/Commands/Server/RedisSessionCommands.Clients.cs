using Multiplex.Commands;

namespace Multiplex;

/// <summary>
/// CLIENT SETNAME, NO-EVICT and NO-TOUCH change the connection that carries them. On the client's
/// shared connections that would change one of several connections, for every caller, until the next
/// reconnect; so they are options there (<see cref="RedisClientOptions.ClientName"/>,
/// <see cref="RedisClientOptions.NoEvict"/>, <see cref="RedisClientOptions.NoTouch"/>, applied in every
/// handshake) and commands only on a dedicated session, whose connection is the caller's own. A session
/// whose connection state was changed this way is closed instead of going back to the pool.
/// </summary>
public sealed partial class RedisSessionCommands
{
    /// <summary>
    /// CLIENT SETNAME: names the session's connection until the session ends (the pool's next lease of
    /// it gets the name of <see cref="RedisClientOptions.ClientName"/> back, or none). To name every
    /// connection of the client, set <see cref="RedisClientOptions.ClientName"/>.
    /// </summary>
    /// <param name="name">The name (no spaces); empty clears it.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>A task that completes when set.</returns>
    [RedisCommand("CLIENT", "SETNAME")]
    public async ValueTask ClientSetNameAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Any(char.IsWhiteSpace))
        {
            throw new ArgumentException("A client name cannot contain spaces or newlines.", nameof(name));
        }

        var arguments = new CommandArgumentList(ServerTokens.ClientSetName).Add(name);
        ChangedConnectionState = true;
        await SendArguments(arguments, ServerParsers.Acknowledged, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// CLIENT NO-EVICT: exempts the session's connection from client eviction (Redis 7.0+). To exempt every
    /// connection of the client, set <see cref="RedisClientOptions.NoEvict"/>.
    /// </summary>
    /// <param name="enabled">True to exempt (<c>ON</c>), false to end the exemption.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>A task that completes when set.</returns>
    [RedisCommand("CLIENT", "NO-EVICT")]
    public ValueTask ClientNoEvictAsync(bool enabled, CancellationToken cancellationToken = default) =>
        SendOnOff(ServerTokens.ClientNoEvict, enabled, cancellationToken);

    /// <summary>
    /// CLIENT NO-TOUCH: stops the session's commands from updating keys' last-access time (Redis 7.2+). For
    /// every connection of the client, set <see cref="RedisClientOptions.NoTouch"/>.
    /// </summary>
    /// <param name="enabled">True to stop touching (<c>ON</c>), false to restore.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>A task that completes when set.</returns>
    [RedisCommand("CLIENT", "NO-TOUCH")]
    public ValueTask ClientNoTouchAsync(bool enabled, CancellationToken cancellationToken = default) =>
        SendOnOff(ServerTokens.ClientNoTouch, enabled, cancellationToken);

    private async ValueTask SendOnOff(CommandSpec subcommand, bool enabled, CancellationToken cancellationToken)
    {
        var arguments = new CommandArgumentList(subcommand).Add(enabled ? ServerTokens.On : ServerTokens.Off);
        ChangedConnectionState = true;
        await SendArguments(arguments, ServerParsers.Acknowledged, cancellationToken).ConfigureAwait(false);
    }
}
