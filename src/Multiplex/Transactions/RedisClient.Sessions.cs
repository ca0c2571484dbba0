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
        var node = _topology.NodeForKey(Prefixer is { } prefixer ? prefixer.Prepend(routingKey) : routingKey);
        var connection = await node.Dedicated.LeaseAsync(cancellationToken).ConfigureAwait(false);
        var sink = new DedicatedCommandSink(connection, Options.CommandTimeout, node.UnblockAsync);
        return new RedisDedicatedSession(Options, node.Dedicated, sink, Prefixer, ClientCacheInUse);
    }
}
