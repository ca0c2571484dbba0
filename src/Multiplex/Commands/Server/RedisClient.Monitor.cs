using Multiplex.Commands.Server;
using Tokens = Multiplex.Commands.Blocking.BlockingTokens;

namespace Multiplex;

/// <summary>MONITOR, as a stream of the commands the server executes.</summary>
public sealed partial class RedisClient
{
    /// <summary>
    /// MONITOR: streams every command the server executes, from any client, until the enumeration
    /// stops. An admin command: needs <see cref="RedisClientOptions.AllowAdminCommands"/>.
    /// </summary>
    /// <remarks>
    /// Each enumeration leases its own dedicated connection from the pool and sends MONITOR when it
    /// starts. MONITOR cannot be undone on a connection, so when the enumeration ends (the consumer
    /// leaves the loop, the token is cancelled, or the connection fails) that connection is closed and
    /// its pool slot freed for a new one. Entries are read only as fast as the consumer takes them; what
    /// it has not taken yet waits in the server's output buffer for the connection, which for normal
    /// clients has no limit unless the server sets <c>client-output-buffer-limit normal</c>. MONITOR slows
    /// a busy server down; use it for debugging.
    /// </remarks>
    /// <param name="cancellationToken">Stops the stream: the pending read throws <see cref="OperationCanceledException"/> and the connection is closed.</param>
    /// <returns>The commands, in the order the server executed them.</returns>
    /// <exception cref="InvalidOperationException">Admin commands are not allowed.</exception>
    public IAsyncEnumerable<MonitorEntry> MonitorAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfAdminDisabled(Tokens.Monitor.Name);
        return MonitorCoreAsync(cancellationToken);
    }

    private IAsyncEnumerable<MonitorEntry> MonitorCoreAsync(CancellationToken cancellationToken) =>
        MonitorStream.ReadAsync(command => _topology.NodeFor(command).Dedicated, cancellationToken);
}
