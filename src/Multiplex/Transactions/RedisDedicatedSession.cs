using Multiplex.Connections;
using Multiplex.Transactions;

namespace Multiplex;

/// <summary>
/// A dedicated connection leased from the client's bounded pool (see
/// <see cref="RedisClient.LeaseDedicatedSessionAsync"/>) for a caller that needs its commands on one
/// connection of its own: above all writes followed by <see cref="RedisSessionCommands.WaitAsync"/> or
/// <see cref="RedisSessionCommands.WaitAofAsync"/>, which count only the writes of the connection that sends
/// them. Dispose it to give the connection back.
/// </summary>
/// <remarks>
/// Commands called on <see cref="Commands"/> run one at a time, in the order they were called, on the
/// leased connection: each is written, and its reply read, before the next is sent, so issuing them
/// without awaiting keeps their order but gains no pipelining. Not offered there: batches, transactions
/// (and <c>TransactAsync</c>), subscriptions, MONITOR, the blocking pops and stream reads with a block
/// time (they lease connections of their own: call them on the client), and another session. A command
/// that times out or fails at the
/// connection level leaves the connection's state unknown: later commands of the session fail with a
/// <see cref="RedisConnectionException"/> (not sent), and the connection is closed and replaced on dispose.
/// </remarks>
public sealed class RedisDedicatedSession : IAsyncDisposable
{
    private readonly DedicatedConnectionPool _pool;
    private readonly DedicatedCommandSink _sink;
    private int _disposed;

    internal RedisDedicatedSession(RedisClientOptions options, DedicatedConnectionPool pool, DedicatedCommandSink sink, Views.KeyPrefixer? prefixer, ClientCache? cache)
    {
        _pool = pool;
        _sink = sink;
        Commands = new RedisSessionCommands(options, sink, prefixer, cache);
    }

    /// <summary>
    /// The session's commands: each runs on the leased connection, in call order. Valid until the
    /// session is disposed.
    /// </summary>
    public RedisSessionCommands Commands { get; }

    /// <summary>The server the leased connection is open to, for messages and diagnostics.</summary>
    public string Endpoint => _sink.Connection.Endpoint;

    /// <summary>The server's id of the leased connection (what <c>CLIENT ID</c> answers on it).</summary>
    public long ClientId => _sink.Connection.ClientId;

    /// <summary>
    /// Ends the session: refuses further commands, waits for those already issued (a WAIT or WAITAOF the
    /// server still holds is released first, and answers with what was acknowledged so far), then gives
    /// the connection back to the pool, or closes it when its state is unknown.
    /// </summary>
    /// <returns>A task that completes when the connection is back in the pool.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        try
        {
            await _sink.CloseAsync().ConfigureAwait(false);
        }
        finally
        {
            if (Commands.ChangedConnectionState)
            {
                _sink.Connection.MarkBroken();
            }

            await _pool.ReturnAsync(_sink.Connection).ConfigureAwait(false);
        }
    }
}
