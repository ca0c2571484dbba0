using System.Buffers;
using System.IO.Pipelines;
using Multiplex.Commands;
using Multiplex.Diagnostics;
using Multiplex.Protocol;

namespace Multiplex.Connections;

/// <summary>
/// A connection used by one caller at a time (leased from <see cref="DedicatedConnectionPool"/>): for
/// commands that block the connection (BLPOP and the like) or hold state on it (WATCH, MONITOR). It
/// runs the same handshake as the shared connections (credentials, database, protocol) and sends
/// one command, then reads its one reply.
/// </summary>
internal sealed partial class DedicatedConnection : IAsyncDisposable
{
    /// <summary>How long a released (CLIENT UNBLOCK) command may take to answer before its connection is cut.</summary>
    public static readonly TimeSpan UnblockGrace = TimeSpan.FromSeconds(1);

    private readonly Stream _stream;
    private readonly PipeReader _input;
    private readonly PipeWriter _output;
    private readonly ProtocolLimits _limits;
    private RespScanner _scanner;
    private int _broken;
    private string? _abortReason;
    private Task<ReadResult>? _idleRead;

    private DedicatedConnection(Stream stream, string endpoint, ServerTags server, ProtocolLimits limits)
    {
        _stream = stream;
        Endpoint = endpoint;
        Server = server;
        _limits = limits;
        _scanner = new RespScanner(limits);
        _input = PipeReader.Create(stream, new StreamPipeReaderOptions(leaveOpen: true));
        _output = PipeWriter.Create(stream, new StreamPipeWriterOptions(leaveOpen: true));
        LastUsedMilliseconds = Environment.TickCount64;
    }

    /// <summary>The endpoint, for messages.</summary>
    public string Endpoint { get; }

    /// <summary>The endpoint as telemetry attributes.</summary>
    public ServerTags Server { get; }

    /// <summary>What the handshake learnt.</summary>
    public HandshakeResult Handshake { get; private set; } = null!;

    /// <summary>The server's id for this connection (for <c>CLIENT UNBLOCK</c>).</summary>
    public long ClientId { get; private set; }

    /// <summary>The pool's credentials generation when the connection was opened (see <see cref="DedicatedConnectionPool.RenewCredentialsAsync"/>).</summary>
    public int CredentialsGeneration { get; set; }

    /// <summary>When the connection was last handed back to the pool.</summary>
    public long LastUsedMilliseconds { get; set; }

    /// <summary>Whether the connection can no longer be trusted (an I/O or protocol failure, or an abandoned reply).</summary>
    public bool IsBroken => Volatile.Read(ref _broken) != 0;

    /// <summary>
    /// Opens the transport and runs the handshake (with CLIENT ID when HELLO does not give the id), all
    /// within <see cref="RedisClientOptions.ConnectTimeout"/>.
    /// </summary>
    /// <exception cref="RedisConnectionException">The server could not be reached, closed the connection, or did not answer in time.</exception>
    /// <exception cref="RedisException">The server refused the handshake (credentials, database, …).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static async Task<DedicatedConnection> OpenAsync(RedisEndpoint endpoint, RedisClientOptions options, CancellationToken cancellationToken)
    {
        var endpointText = endpoint.ToString();
        var server = ServerTags.For(endpoint);
        var startedAt = Instrumentation.ConnectionStart();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.ConnectTimeout);
        Stream? stream = null;
        DedicatedConnection? connection = null;
        try
        {
            stream = await options.TransportFactory(endpoint, options, timeout.Token).ConfigureAwait(false);
            connection = new DedicatedConnection(stream, endpointText, server, options.Limits);
            var handshake = await Connections.Handshake.RunAsync(connection._input, connection._output, options, endpointText, readConnectionId: true, timeout.Token).ConfigureAwait(false);
            connection.Handshake = handshake;
            connection.ClientId = handshake.ConnectionId ?? throw new RedisProtocolException($"{endpointText} did not give the connection's id (HELLO or CLIENT ID).");
            Instrumentation.RecordConnectionCreated(startedAt, server, null);
            return connection;
        }
        catch (Exception ex)
        {
            Instrumentation.RecordConnectionCreated(startedAt, server, ex);
            if (connection is not null)
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }
            else if (stream is not null)
            {
                await stream.DisposeAsync().ConfigureAwait(false);
            }

            // Callers see the client's exception family, as for the shared connections; the caller's
            // own cancellation stays a cancellation.
            if (ex is RedisException || (ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
            {
                throw;
            }

            throw Transport.ConnectFailed(endpointText, options, ex, transportOpen: stream is not null);
        }
    }

    /// <summary>
    /// Sends <paramref name="command"/> and reads its reply (through <see cref="RunAsync"/>, as every
    /// command on a dedicated connection), returning the caller's task. There is no deadline here on
    /// purpose: a blocked command is released from the server side (CLIENT UNBLOCK) so the reply still
    /// arrives and the connection stays in step; callers stop waiting with
    /// <see cref="Task.WaitAsync(CancellationToken)"/>.
    /// </summary>
    public Task<T> Start<T>(PendingCommand<T> command)
    {
        var reply = command.Task.AsTask();
        _ = RunAsync(command, Timeout.InfiniteTimeSpan);
        return reply;
    }

    /// <summary>
    /// Called when the connection goes back to the pool: a read is kept pending on it while it waits, so
    /// a server that closes it meanwhile (its <c>timeout</c> for idle clients, <c>CLIENT KILL</c>, a
    /// restart) or sends anything unasked is noticed before the next lease rather than by that lease's
    /// command.
    /// </summary>
    public void WatchWhileIdle() => _idleRead = _input.ReadAsync().AsTask();

    /// <summary>
    /// Stops the read <see cref="WatchWhileIdle"/> started. False, with the connection marked broken, when
    /// the server closed the connection or sent something while it was idle.
    /// </summary>
    public async ValueTask<bool> EndIdleWatchAsync()
    {
        if (Interlocked.Exchange(ref _idleRead, null) is not { } read)
        {
            return !IsBroken;
        }

        _input.CancelPendingRead();
        try
        {
            var result = await read.ConfigureAwait(false);
            _input.AdvanceTo(result.Buffer.Start);
            if (result.IsCanceled && !result.IsCompleted && result.Buffer.IsEmpty)
            {
                return !IsBroken;
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or OperationCanceledException or InvalidOperationException or System.Net.Sockets.SocketException)
        {
            // The transport failed while idle: the same verdict as a close.
        }

        MarkBroken();
        return false;
    }

    /// <summary>Marks the connection as unusable; the pool closes it instead of reusing it.</summary>
    public void MarkBroken() => Volatile.Write(ref _broken, 1);

    /// <summary>Why the connection was cut on purpose (for the messages of the commands it fails), or null.</summary>
    public string? AbortReason => Volatile.Read(ref _abortReason);

    /// <summary>
    /// Marks the connection broken and closes its transport, so a read waiting on it now fails with
    /// <paramref name="reason"/> in its message; the pool disposes the rest when the connection is returned.
    /// </summary>
    public ValueTask AbortAsync(string reason)
    {
        Interlocked.CompareExchange(ref _abortReason, reason, null);
        MarkBroken();
        return _stream.DisposeAsync();
    }

    /// <summary>
    /// Releases a command blocked on this connection whose caller has gone: <paramref name="unblock"/>
    /// (CLIENT UNBLOCK of <see cref="ClientId"/>, sent on another connection), then up to
    /// <see cref="UnblockGrace"/> for <paramref name="reply"/>, which is read so the connection stays in
    /// step. When that fails (the UNBLOCK failed, or raced ahead of the command), the connection's state
    /// is unknown and it is cut (<see cref="AbortAsync"/>). Never throws.
    /// </summary>
    public async Task ReleaseBlockedAsync(Task reply, Func<long, Task> unblock)
    {
        try
        {
            if (!reply.IsCompleted)
            {
                await unblock(ClientId).ConfigureAwait(false);
            }

            await reply.WaitAsync(UnblockGrace).ConfigureAwait(false);
        }
        catch (Exception)
        {
            await AbortAsync("the blocked command could not be released").ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await EndIdleWatchAsync().ConfigureAwait(false);
        MarkBroken();
        await _stream.DisposeAsync().ConfigureAwait(false);
        await _input.CompleteAsync().ConfigureAwait(false);
        await _output.CompleteAsync(new ObjectDisposedException(nameof(DedicatedConnection))).ConfigureAwait(false);
    }

    private T Parse<T>(ReadOnlySequence<byte> frame, CommandSpec command, ReplyParser<T> parser)
    {
        var reader = new RespReader(frame);
        reader.TryMoveNext();
        if (reader.IsError)
        {
            throw new RedisServerException(reader.ReadString() ?? string.Empty, command.Name, Endpoint);
        }

        return parser.Parse(ref reader);
    }
}
