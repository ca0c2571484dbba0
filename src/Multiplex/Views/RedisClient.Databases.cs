using Microsoft.Extensions.Logging;
using Multiplex.Views;

namespace Multiplex;

/// <summary>Database views: the same client on another database, on connections of its own.</summary>
public sealed partial class RedisClient
{
    // The databases other than this client's that views asked for (null on a view).
    private readonly DatabaseClients? _databases;

    /// <summary>
    /// The same client on database <paramref name="database"/> (with this view's key prefix, if any): its
    /// commands, batches, transactions, sessions and keyspace notifications all run on that database.
    /// </summary>
    /// <remarks>
    /// A multiplexed connection is bound to the database its handshake SELECTed, so the first view of each
    /// other database opens connections of its own (as many as this client has: <see cref="RedisClientOptions.ConnectionsPerNode"/>
    /// per node, a dedicated pool and, under RESP2, a subscriber connection, each opened when first
    /// needed), in the background, and keeps them until this client is disposed; later views of that
    /// database share them. Every one of those connections SELECTs the database in its handshake, on
    /// every reconnect too, so no command runs on another database; there is no SELECT on a shared
    /// connection. Until they are up, commands wait as on a client made with
    /// <see cref="Create(RedisClientOptions, ILoggerFactory?)"/> (with <see cref="DisconnectedBehavior.FailFast"/>
    /// they fail: await <see cref="WaitForConnectionAsync(CancellationToken)"/> on the view first). A
    /// database the server does not have fails the view's commands at once with a <see cref="RedisConnectionException"/>
    /// whose inner exception is the server's refusal of the SELECT, while its connections keep retrying
    /// until this client is disposed.
    /// The view's <see cref="RedisCommands.Options"/> carry the database; disposing the view does nothing.
    /// </remarks>
    /// <param name="database">The database number (0 or more); this client's own returns this client.</param>
    /// <returns>A client on that database.</returns>
    /// <exception cref="NotSupportedException">The server is a Redis Cluster, which has database 0 only.</exception>
    /// <exception cref="InvalidOperationException">The client does not know yet whether the server is a cluster (it has not connected, and <see cref="RedisClientOptions.Mode"/> is <see cref="ServerMode.Auto"/>).</exception>
    /// <exception cref="ObjectDisposedException">The client was disposed.</exception>
    public RedisClient WithDatabase(int database)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(database);
        var owner = _owner ?? this;
        var client = owner.DatabaseClient(database);
        return Prefixer is null && _retryMode == client._retryMode && ReadsFromCache ? client : new RedisClient(client, Prefixer, owner, _retryMode, ReadsFromCache);
    }

    /// <summary>The client of <paramref name="database"/> (on the client the application made): itself, or one opened for it.</summary>
    private RedisClient DatabaseClient(int database)
    {
        if (database == Options.Database)
        {
            return this;
        }

        if (Options.Mode == ServerMode.Cluster || ServerMode == ServerMode.Cluster)
        {
            throw new NotSupportedException($"WithDatabase({database}): the server is a Redis Cluster, which has database 0 only.");
        }

        if (ServerMode == ServerMode.Auto)
        {
            throw new InvalidOperationException(
                $"WithDatabase({database}): the client has not connected yet, so it does not know whether the server is a Redis Cluster (which has database 0 only). " +
                "Await WaitForConnectionAsync first, or set RedisClientOptions.Mode.");
        }

        return _databases!.Get(database, OpenDatabase);
    }

    /// <summary>A client like this one on <paramref name="database"/>, connecting in the background, owned by this one.</summary>
    private RedisClient OpenDatabase(int database)
    {
        var client = Build(Options with { Database = database }, _loggerFactory, _events);
        client._owner = this;
        client._topology.StartInBackground();
        return client;
    }

    /// <summary>Closes a database's client opened for views (its owner is being disposed).</summary>
    internal ValueTask CloseDatabaseAsync() => CloseAsync();
}
