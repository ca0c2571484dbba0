using Multiplex.Transactions;

namespace Multiplex;

/// <summary>Dedicated sessions: a caller's own connection, leased from the bounded pool.</summary>
public sealed partial class RedisClient
{
    /// <summary>
    /// Leases a dedicated connection from the pool of the node owning <paramref name="routingKey"/> (any
    /// node when it is null) and returns a session whose <see cref="RedisDedicatedSession.Commands"/> run,
    /// one at a time and in order, on that connection only. Use it for WAIT and WAITAOF, which count
    /// only the writes made on the connection that sends them: make the writes and the WAIT in the same
    /// session. Dispose the session to give the connection back.
    /// </summary>
    /// <param name="routingKey">A key whose node the session talks to; every key used in the session must live there.</param>
    /// <param name="cancellationToken">Cancels the lease (waiting for a free connection, or opening one).</param>
    /// <returns>The session, holding one of the <see cref="DedicatedPoolOptions.MaxSize"/> connections of the node.</returns>
    /// <exception cref="RedisConnectionException">
    /// No connection became free within <see cref="DedicatedPoolOptions.LeaseTimeout"/>, or a new one could not be opened.
    /// </exception>
    /// <exception cref="InvalidOperationException">Called on a batch's, transaction's or session's view.</exception>
    /// <example>
    /// <code>
    /// // Write, then wait until two replicas have acknowledged that write (or one second has passed).
    /// await using (var session = await client.LeaseDedicatedSessionAsync("order:42", ct))
    /// {
    ///     await session.Commands.SetAsync("order:42", payload, cancellationToken: ct);
    ///     long acknowledged = await session.Commands.WaitAsync(2, TimeSpan.FromSeconds(1), ct);
    ///     if (acknowledged &lt; 2) { /* fewer replicas hold the write than wanted */ }
    /// }
    /// </code>
    /// </example>
    public async ValueTask<RedisDedicatedSession> LeaseDedicatedSessionAsync(RedisKey routingKey = default, CancellationToken cancellationToken = default)
    {
        if (_sink is not null)
        {
            throw new InvalidOperationException($"A dedicated session cannot be leased inside {_sink.Description}; call LeaseDedicatedSessionAsync on the client.");
        }

        var pool = _topology.SelectDedicated(routingKey);
        var connection = await pool.LeaseAsync(cancellationToken).ConfigureAwait(false);
        var sink = new DedicatedCommandSink(connection, Options.CommandTimeout, UnblockAsync);
        return new RedisDedicatedSession(this, pool, sink);
    }

    /// <summary>CLIENT UNBLOCK … TIMEOUT on the shared connection: releases a command blocked on a dedicated one.</summary>
    private Task UnblockAsync(long clientId) =>
        ExecuteAsync("CLIENT", ["UNBLOCK", clientId, "TIMEOUT"], CancellationToken.None).AsTask();
}
