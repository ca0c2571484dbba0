using Multiplex.Commands;

namespace Multiplex;

/// <summary>
/// Admin commands that can destroy data or disturb other clients. Each needs
/// <see cref="RedisClientOptions.AllowAdminCommands"/> and otherwise throws
/// <see cref="InvalidOperationException"/> before anything is sent.
/// </summary>
public abstract partial class RedisCommands
{
    /// <summary>CONFIG SET: sets one or more configuration parameters atomically (several need Redis 7.0+). Admin.</summary>
    /// <param name="parameters">The parameters and their new values (at least one).</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>A task that completes when set; an unknown parameter or bad value throws <see cref="RedisServerException"/> and sets none.</returns>
    /// <exception cref="InvalidOperationException">Admin commands are not allowed.</exception>
    [RedisCommand("CONFIG", "SET")]
    public async ValueTask ConfigSetAsync(IReadOnlyList<KeyValuePair<string, string>> parameters, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (parameters.Count == 0)
        {
            throw new ArgumentException("CONFIG SET needs at least one parameter.", nameof(parameters));
        }

        var arguments = new CommandArgumentList(ServerTokens.ConfigSet);
        foreach (var (name, value) in parameters)
        {
            ArgumentException.ThrowIfNullOrEmpty(name, nameof(parameters));
            ArgumentNullException.ThrowIfNull(value, nameof(parameters));
            arguments.Add(name).Add(value);
        }

        await SendArguments(arguments, ServerParsers.Acknowledged, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>CONFIG SET of one parameter. Admin.</summary>
    /// <param name="parameter">The parameter, for example <c>maxmemory-policy</c>.</param>
    /// <param name="value">Its new value.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>A task that completes when set.</returns>
    /// <exception cref="InvalidOperationException">Admin commands are not allowed.</exception>
    [RedisCommand("CONFIG", "SET")]
    public ValueTask ConfigSetAsync(string parameter, string value, CancellationToken cancellationToken = default) =>
        ConfigSetAsync([new KeyValuePair<string, string>(parameter, value)], cancellationToken);

    /// <summary>CONFIG RESETSTAT: resets the statistics INFO reports. Admin.</summary>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>A task that completes when reset.</returns>
    /// <exception cref="InvalidOperationException">Admin commands are not allowed.</exception>
    [RedisCommand("CONFIG", "RESETSTAT")]
    public ValueTask ConfigResetStatAsync(CancellationToken cancellationToken = default) =>
        SendAdmin(new CommandArgumentList(ServerTokens.ConfigResetStat), cancellationToken);

    /// <summary>CONFIG REWRITE: writes the running configuration back to the server's config file. Admin.</summary>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>A task that completes when written; a server started without a config file throws <see cref="RedisServerException"/>.</returns>
    /// <exception cref="InvalidOperationException">Admin commands are not allowed.</exception>
    [RedisCommand("CONFIG", "REWRITE")]
    public ValueTask ConfigRewriteAsync(CancellationToken cancellationToken = default) =>
        SendAdmin(new CommandArgumentList(ServerTokens.ConfigRewrite), cancellationToken);

    /// <summary>FLUSHDB: deletes every key of the selected database. Admin.</summary>
    /// <param name="mode">Free memory in the background or before replying.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>A task that completes when the server has replied.</returns>
    /// <exception cref="InvalidOperationException">Admin commands are not allowed.</exception>
    public ValueTask FlushDbAsync(FlushMode mode = FlushMode.Default, CancellationToken cancellationToken = default) =>
        SendAdmin(AddFlushMode(new CommandArgumentList(ServerTokens.FlushDb), mode), cancellationToken);

    /// <summary>FLUSHALL: deletes every key of every database. Admin.</summary>
    /// <param name="mode">Free memory in the background or before replying.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>A task that completes when the server has replied.</returns>
    /// <exception cref="InvalidOperationException">Admin commands are not allowed.</exception>
    public ValueTask FlushAllAsync(FlushMode mode = FlushMode.Default, CancellationToken cancellationToken = default) =>
        SendAdmin(AddFlushMode(new CommandArgumentList(ServerTokens.FlushAll), mode), cancellationToken);

    /// <summary>SWAPDB: swaps two databases, so clients of one see the other's keys at once. Admin.</summary>
    /// <param name="first">One database index.</param>
    /// <param name="second">The other database index.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>A task that completes when swapped.</returns>
    /// <exception cref="InvalidOperationException">Admin commands are not allowed.</exception>
    public ValueTask SwapDbAsync(int first, int second, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(first);
        ArgumentOutOfRangeException.ThrowIfNegative(second);
        return SendAdmin(new CommandArgumentList(ServerTokens.SwapDb).Add(first).Add(second), cancellationToken);
    }

    /// <summary>SAVE: writes a snapshot to disk, blocking the server until done. Admin.</summary>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>A task that completes when saved.</returns>
    /// <exception cref="InvalidOperationException">Admin commands are not allowed.</exception>
    public ValueTask SaveAsync(CancellationToken cancellationToken = default) =>
        SendAdmin(new CommandArgumentList(ServerTokens.Save), cancellationToken);

    /// <summary>BGSAVE: starts writing a snapshot in the background. Admin.</summary>
    /// <param name="schedule">When a rewrite of the append-only file is running, schedule the save for later (<c>SCHEDULE</c>) instead of failing.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The server's status text (<c>Background saving started</c> or <c>…scheduled</c>).</returns>
    /// <exception cref="InvalidOperationException">Admin commands are not allowed.</exception>
    public async ValueTask<string> BgSaveAsync(bool schedule = false, CancellationToken cancellationToken = default)
    {
        var arguments = new CommandArgumentList(ServerTokens.BgSave);
        if (schedule)
        {
            arguments.Add(ServerTokens.Schedule);
        }

        return await SendArguments(arguments, ReplyParsers.String, cancellationToken).ConfigureAwait(false) ?? string.Empty;
    }

    /// <summary>BGREWRITEAOF: starts rewriting the append-only file in the background. Admin.</summary>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The server's status text.</returns>
    /// <exception cref="InvalidOperationException">Admin commands are not allowed.</exception>
    public async ValueTask<string> BgRewriteAofAsync(CancellationToken cancellationToken = default)
    {
        return await SendArguments(new CommandArgumentList(ServerTokens.BgRewriteAof), ReplyParsers.String, cancellationToken).ConfigureAwait(false) ?? string.Empty;
    }

    /// <summary>
    /// SHUTDOWN: stops the server. The server closes the connection instead of replying, which counts
    /// as success; the client then keeps trying to reconnect as after any disconnection. Admin.
    /// </summary>
    /// <param name="save">True to save first (<c>SAVE</c>), false not to (<c>NOSAVE</c>), null for the server's configuration.</param>
    /// <param name="now">Skip waiting for lagging replicas (<c>NOW</c>, Redis 7.0+).</param>
    /// <param name="force">Exit even if saving fails (<c>FORCE</c>, Redis 7.0+).</param>
    /// <param name="cancellationToken">Releases the caller.</param>
    /// <returns>A task that completes when the server has closed the connection.</returns>
    /// <exception cref="InvalidOperationException">Admin commands are not allowed.</exception>
    /// <exception cref="RedisServerException">The server refused to stop (for example it could not save).</exception>
    public async ValueTask ShutdownAsync(bool? save = null, bool now = false, bool force = false, CancellationToken cancellationToken = default)
    {
        var arguments = new CommandArgumentList(ServerTokens.Shutdown);
        if (save is { } shouldSave)
        {
            arguments.Add(shouldSave ? ServerTokens.SaveKeyword : ServerTokens.NoSave);
        }

        if (now)
        {
            arguments.Add(ServerTokens.Now);
        }

        if (force)
        {
            arguments.Add(ServerTokens.Force);
        }

        try
        {
            await SendArguments(arguments, ServerParsers.Acknowledged, cancellationToken).ConfigureAwait(false);
        }
        catch (RedisConnectionException)
        {
            // The server exits without replying: the connection closing is the success signal.
        }
    }

    /// <summary>
    /// FAILOVER: starts a coordinated failover from this primary to one of its replicas (Redis 6.2+),
    /// or aborts one in progress. Admin.
    /// </summary>
    /// <param name="target">The replica to promote (<c>TO host port</c>); null to let the server choose.</param>
    /// <param name="timeout">Give up, and resume as primary, after this long (<c>TIMEOUT</c>); null to wait indefinitely.</param>
    /// <param name="force">With <paramref name="target"/> and <paramref name="timeout"/>: promote the target even if it has not caught up (<c>FORCE</c>).</param>
    /// <param name="abort">Abort the failover in progress instead (<c>ABORT</c>); the other arguments must be left unset.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>A task that completes when the failover has started (or been aborted); it finishes in the background.</returns>
    /// <exception cref="InvalidOperationException">Admin commands are not allowed.</exception>
    public ValueTask FailoverAsync(RedisEndpoint? target = null, TimeSpan? timeout = null, bool force = false, bool abort = false, CancellationToken cancellationToken = default)
    {
        if (abort && (target is not null || timeout is not null || force))
        {
            throw new ArgumentException("FAILOVER ABORT takes no other argument.", nameof(abort));
        }

        if (force && (target is null || timeout is null))
        {
            throw new ArgumentException("FAILOVER FORCE needs both a target and a timeout.", nameof(force));
        }

        if (target is { IsUnixSocket: true })
        {
            throw new ArgumentException("A failover target is a host and port, not a unix socket.", nameof(target));
        }

        var arguments = new CommandArgumentList(ServerTokens.Failover);
        if (target is not null)
        {
            arguments.Add(ServerTokens.To).Add(target.Host).Add(target.Port);
            if (force)
            {
                arguments.Add(ServerTokens.Force);
            }
        }

        if (abort)
        {
            arguments.Add(ServerTokens.Abort);
        }

        if (timeout is { } limit)
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(limit, TimeSpan.Zero, nameof(timeout));
            arguments.Add(ServerTokens.Timeout, (long)Math.Ceiling(limit.TotalMilliseconds));
        }

        return SendAdmin(arguments, cancellationToken);
    }

    /// <summary>Sends an admin command (its spec makes <see cref="Rent"/> check the guard) and waits for any acknowledgement.</summary>
    private async ValueTask SendAdmin(CommandArgumentList arguments, CancellationToken cancellationToken) =>
        await SendArguments(arguments, ServerParsers.Acknowledged, cancellationToken).ConfigureAwait(false);
}
