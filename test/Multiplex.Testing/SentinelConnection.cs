using System.Net.Sockets;
using Multiplex.Testing.Processes;

namespace Multiplex.Testing;

/// <summary>
/// A kept-open connection to one sentinel for the group's polls, so that a check costs a round trip
/// instead of a redis-cli process (the sentinels' counterpart of <see cref="AdminConnection"/>, which
/// is tied to a <see cref="RedisServer"/>). Error replies are returned, not thrown, because a refused
/// <c>SENTINEL FAILOVER</c> is an answer the group acts on. The connection is dropped after any I/O
/// failure or cancellation (a reply might still be on its way). One caller at a time.
/// </summary>
internal sealed class SentinelConnection(RedisSentinel sentinel) : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private RawRespConnection? _connection;

    /// <summary>Sends one command and returns its reply, an error reply included.</summary>
    public async Task<RespReply> CommandAsync(string[] command, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            _connection ??= await RawRespConnection.ConnectAsync(sentinel.Host, sentinel.Port, cancellationToken);
            await _connection.SendAsync(command, cancellationToken);
            return await RespReply.ReadAsync(_connection, cancellationToken);
        }
        catch (Exception exception) when (exception is IOException or SocketException or OperationCanceledException)
        {
            await DropAsync();
            if (exception is OperationCanceledException)
            {
                throw;
            }

            throw new InvalidOperationException($"{sentinel.Name}: '{string.Join(' ', command)}' failed: {exception.Message}", exception);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync();
        try
        {
            await DropAsync();
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task DropAsync()
    {
        if (_connection is { } connection)
        {
            _connection = null;
            await connection.DisposeAsync();
        }
    }
}
