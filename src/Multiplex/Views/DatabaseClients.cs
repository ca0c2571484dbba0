namespace Multiplex.Views;

/// <summary>
/// The clients a <see cref="RedisClient"/> opened for views of its other databases
/// (<see cref="RedisClient.WithDatabase"/>), one per database, kept until it is disposed.
/// </summary>
internal sealed class DatabaseClients(RedisClient owner)
{
    private readonly Lock _lock = new();
    private Dictionary<int, RedisClient>? _clients;
    private bool _disposed;

    /// <summary>The client of <paramref name="database"/>, opened by <paramref name="open"/> on first use.</summary>
    /// <exception cref="ObjectDisposedException">The owner was disposed.</exception>
    public RedisClient Get(int database, Func<int, RedisClient> open)
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, owner);
            _clients ??= [];
            if (!_clients.TryGetValue(database, out var client))
            {
                client = open(database);
                _clients.Add(database, client);
            }

            return client;
        }
    }

    /// <summary>Closes every database's client; later requests fail.</summary>
    public async ValueTask DisposeAsync()
    {
        RedisClient[] clients;
        lock (_lock)
        {
            _disposed = true;
            clients = _clients is null ? [] : [.. _clients.Values];
            _clients = null;
        }

        foreach (var client in clients)
        {
            await client.CloseDatabaseAsync().ConfigureAwait(false);
        }
    }
}
