using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Multiplex.Diagnostics;

namespace Multiplex.Connections;

/// <summary>
/// One long-lived logical connection to a node: the bounded command channel, the writer loop that
/// drains it into the current session's pipe, and the reconnect loop that replaces a failed session.
/// Commands queued while no session is live wait in a backlog (or fail at once in fail-fast mode).
/// </summary>
internal sealed partial class Connection : IAsyncDisposable
{
    // The sweep that times out callers runs at this period, so a timeout surfaces within about 10 ms
    // of its deadline.
    private const int SweepPeriodMilliseconds = 10;

    // The writer flushes at least every this many bytes, so one huge batch does not hold everything
    // in memory before the first byte leaves.
    private const long MaxUnflushedBytes = 256 * 1024;

    private readonly RedisClientOptions _options;
    private readonly ILogger _logger;
    private readonly Channel<PendingCommand> _channel;
    private readonly Queue<PendingCommand> _backlog = new();
    private readonly Lock _backlogLock = new();
    private readonly CancellationTokenSource _disposing = new();
    private readonly IBackoffStrategy _backoff;
    private readonly TaskCompletionSource _firstSession = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource _sessionChanged = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ConnectionSession? _session;
    private Task? _writeLoop;
    private Task? _reconnectLoop;
    private Exception? _lastConnectError;

    // The latest connect attempt failed in a way retrying does not fix (credentials, database index, an
    // option the server refuses): until a session is installed, commands fail at once with it.
    private Exception? _unrecoverable;
    private Timer? _sweeper;
    private int _backlogCount;
    private volatile bool _writingStopped;
    private int _reconnecting;
    private int _sweeping;
    private int _heartbeatOutstanding;
    private long _reconnectCount;

    // When the latest session was lost (Stopwatch ticks), for the downtime a Reconnected event reports.
    private long _lostAt;

    public Connection(RedisEndpoint endpoint, RedisClientOptions options, ILogger logger, ClientEvents events, ConnectionKind kind = ConnectionKind.Shared)
    {
        Endpoint = endpoint;
        Events = events;
        Kind = kind;
        EndpointText = endpoint.ToString();
        Server = ServerTags.For(endpoint);
        _options = options;
        _logger = logger;
        _backoff = options.Reconnect.CreateStrategy();
        _channel = Channel.CreateBounded<PendingCommand>(new BoundedChannelOptions(options.MaxPendingCommands)
        {
            SingleReader = true,
            SingleWriter = false,
            FullMode = BoundedChannelFullMode.Wait,
            AllowSynchronousContinuations = false,
        });
    }

    /// <summary>The node this connection talks to.</summary>
    public RedisEndpoint Endpoint { get; }

    /// <summary>The endpoint as text, for messages.</summary>
    public string EndpointText { get; }

    /// <summary>Where this connection's events (connected, failed, reconnected, errors) are queued for the client's handlers.</summary>
    public ClientEvents Events { get; }

    /// <summary>Which kind of connection this is, for events.</summary>
    public ConnectionKind Kind { get; }

    /// <summary>The endpoint as telemetry attributes.</summary>
    public ServerTags Server { get; }

    /// <summary>Whether a session is live.</summary>
    public bool IsConnected => Volatile.Read(ref _session) is { IsAlive: true };

    /// <summary>How many times the connection has been re-established after a failure.</summary>
    public long ReconnectCount => Interlocked.Read(ref _reconnectCount);

    /// <summary>The protocol the current session speaks (RESP3 unless the server refused HELLO).</summary>
    public RedisProtocol Protocol => Volatile.Read(ref _session)?.Handshake.Protocol ?? _options.Protocol;

    /// <summary>The current session's handshake result, if connected.</summary>
    public HandshakeResult? Handshake => Volatile.Read(ref _session)?.Handshake;

    /// <summary>Where pushes go (pub/sub); applied to every session from the next one installed.</summary>
    public PushHandler? PushHandler { get; set; }

    /// <summary>Called with each new session's handshake before it is used (the client-side cache checks tracking).</summary>
    public Action<Connection, HandshakeResult>? SessionStarted { get; set; }

    /// <summary>Called when a session is lost (the client-side cache drops what this connection tracked).</summary>
    public Action<Connection>? SessionLost { get; set; }

    /// <summary>
    /// Whether this is a RESP2 subscriber connection: its array replies may be pushes, and the
    /// heartbeat accepts the subscribed-mode <c>pong</c> array.
    /// </summary>
    public bool SubscriberMode { get; init; }

    /// <summary>
    /// Commands written on each new session after a reconnect before any queued command (the
    /// resubscribe of pub/sub); null writes nothing.
    /// </summary>
    public Func<IReadOnlyList<PendingCommand>>? ReconnectPreamble { get; set; }

    /// <summary>
    /// Where commands still waiting to be written go when the connection is closed (a cluster node the
    /// slot map no longer names): true when it took the command; null, or false, fails it as not sent.
    /// Commands bound to this connection (<see cref="PendingCommand.IsConnectionBound"/>) are never offered.
    /// </summary>
    public Func<PendingCommand, bool>? Rehome { get; set; }

    /// <summary>Commands written and not yet answered on the current session.</summary>
    public int InFlightCount => Volatile.Read(ref _session)?.InFlight.Count ?? 0;

    /// <summary>Commands queued, waiting in the backlog or written and not yet answered.</summary>
    public int PendingCount => InFlightCount + Volatile.Read(ref _backlogCount) + _channel.Reader.Count;

    /// <summary>Whether a session has been established at least once.</summary>
    public bool HasConnected => _firstSession.Task.IsCompletedSuccessfully;

    /// <summary>Why the latest attempt to open a session failed, or null when the latest attempt succeeded.</summary>
    public Exception? LastConnectError => Volatile.Read(ref _lastConnectError);

    /// <summary>Completes when the first session is established; faults when the connection is disposed first.</summary>
    public Task FirstConnection => _firstSession.Task;

    /// <summary>Opens the first session; throws when the server cannot be reached or refuses the handshake.</summary>
    public async Task ConnectAsync(CancellationToken cancellationToken)
    {
        var session = await ConnectionSession.OpenAsync(Endpoint, _options, OnSessionFailed, cancellationToken).ConfigureAwait(false);
        Install(session);
        StartLoops();
        Log.Connected(_logger, EndpointText, session.Handshake.Protocol, session.Handshake.ServerVersion);
        Events.OnConnected(EndpointText, Kind, session.Handshake);
    }

    /// <summary>
    /// Starts the loops without waiting for a session: the reconnect loop (with its backoff) opens the
    /// first one. Commands queued meanwhile wait in the backlog within their timeout, or fail at once
    /// in fail-fast mode.
    /// </summary>
    public void StartConnecting()
    {
        StartLoops();
        Volatile.Write(ref _reconnecting, 1);
        _reconnectLoop = BackgroundWork.Run(() => ReconnectLoopAsync(initial: true));
    }

    private void StartLoops()
    {
        _writeLoop = BackgroundWork.Run(WriteLoopAsync);
        _sweeper = BackgroundWork.Timer(static state => ((Connection)state!).Sweep(), this, SweepPeriodMilliseconds, SweepPeriodMilliseconds);
    }

    /// <summary>
    /// Queues a command for writing. The command must be encoded already. Completion (result, error,
    /// timeout, cancellation) reaches the caller through the command itself.
    /// </summary>
    public void Enqueue(PendingCommand command, CancellationToken cancellationToken)
    {
        command.Endpoint = EndpointText;
        command.Server = Server;
        if (_disposing.IsCancellationRequested)
        {
            FailUnsent(command, "the client is disposed");
            return;
        }

        if (!IsConnected && Volatile.Read(ref _unrecoverable) is { } cause)
        {
            FailUnrecoverable(command, cause);
            return;
        }

        if (_options.WhileDisconnected == DisconnectedBehavior.FailFast && !IsConnected)
        {
            FailUnsent(command, "the connection is down and the client is in fail-fast mode");
            return;
        }

        command.RegisterCancellation(cancellationToken);
        if (TryWriteInline(command))
        {
            return;
        }

        if (!_channel.Writer.TryWrite(command))
        {
            _ = EnqueueWhenRoomAsync(command, cancellationToken);
        }
    }

    /// <summary>
    /// Writes nothing more from now on (a primary that Sentinel replaced): commands already written are
    /// still answered; queued ones wait for <see cref="DisposeAsync"/>, which hands them to
    /// <see cref="Rehome"/>.
    /// </summary>
    public void StopWriting() => _writingStopped = true;

    /// <summary>Closes the connection: queued and in-flight commands fail, loops stop.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposing.IsCancellationRequested)
        {
            return;
        }

        _disposing.Cancel();
        _channel.Writer.TryComplete();
        if (_sweeper is not null)
        {
            await _sweeper.DisposeAsync().ConfigureAwait(false);
        }

        var session = Interlocked.Exchange(ref _session, null);
        session?.Fail(new RedisConnectionException($"The connection to {EndpointText} was closed by the client.", CommandOutcome.Unknown) { Endpoint = EndpointText });
        _sessionChanged.TrySetResult();
        if (_firstSession.TrySetException(new RedisConnectionException($"The client was disposed before it connected to {EndpointText}.", CommandOutcome.NotSent, LastConnectError) { Endpoint = EndpointText }))
        {
            _ = _firstSession.Task.Exception; // observed here, so an unawaited failure is not reported as unobserved
        }

        if (_writeLoop is not null)
        {
            await _writeLoop.ConfigureAwait(false);
        }

        // A reconnect loop in progress sees the cancelled token and ends; wait for it.
        if (Volatile.Read(ref _reconnectLoop) is { } reconnectLoop)
        {
            await reconnectLoop.ConfigureAwait(false);
        }

        if (session is not null)
        {
            await session.Completion.ConfigureAwait(false);
        }

        FailBacklogAndChannel("the client is disposed");

        // _disposing is left undisposed on purpose: a session failing at this very moment may still
        // start a reconnect loop that reads its token (and finds it cancelled). A source that was never
        // given a timeout or a wait handle holds nothing that disposing would release.
    }

    private void Install(ConnectionSession session)
    {
        session.Pushes = PushHandler is { } handler ? (handler, this) : null;
        session.ArraysMayBePushes = SubscriberMode;
        SessionStarted?.Invoke(this, session.Handshake);
        Volatile.Write(ref _session, session);
        Volatile.Write(ref _lastConnectError, null);
        Volatile.Write(ref _unrecoverable, null);
        _firstSession.TrySetResult();
        session.StartReading();
        Interlocked.Exchange(ref _sessionChanged, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }

    private async Task EnqueueWhenRoomAsync(PendingCommand command, CancellationToken cancellationToken)
    {
        // Slow path: the channel is full. Wait for room, but no longer than the command's own timeout.
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _disposing.Token);
        timeout.CancelAfter(TimeSpan.FromMilliseconds(Math.Max(0, command.DeadlineMilliseconds - Environment.TickCount64)));
        try
        {
            await _channel.Writer.WriteAsync(command, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or ChannelClosedException)
        {
            if (!command.TryTimeOut(Environment.TickCount64))
            {
                command.TryFail(new RedisConnectionException(
                    $"{command.Command.Name} could not be queued for {EndpointText}: the queue of {_options.MaxPendingCommands} pending commands stayed full.",
                    CommandOutcome.NotSent)
                { Endpoint = EndpointText, Command = command.Command.Name });
            }

            command.MarkAbandoned();
            command.ReleaseWire();
        }
    }

    private void FailUnsent(PendingCommand command, string why)
    {
        var cause = LastConnectError;
        var last = cause is null ? string.Empty : $" (last connect attempt: {cause.Message})";
        command.TryFail(new RedisConnectionException($"{command.Command.Name} was not sent to {EndpointText}: {why}{last}.", CommandOutcome.NotSent, cause)
        {
            Endpoint = EndpointText,
            Command = command.Command.Name,
        });
        command.MarkAbandoned();
        command.ReleaseWire();
    }

    /// <summary>Fails a command at once because connecting fails in a way retrying does not fix.</summary>
    private void FailUnrecoverable(PendingCommand command, Exception cause)
    {
        var name = command.Command.Name;
        var message = $"{name} was not sent to {EndpointText}: connecting fails with an error that retrying does not fix: {cause.Message}";
        command.TryFail(cause is RedisAuthenticationException
            ? new RedisAuthenticationException(message, cause) { Endpoint = EndpointText, Command = name }
            : new RedisConnectionException(message, CommandOutcome.NotSent, cause) { Endpoint = EndpointText, Command = name });
        command.MarkAbandoned();
        command.ReleaseWire();
    }

    /// <summary>
    /// Whether a failed connect attempt will fail again however often it is retried: the server refused
    /// the credentials, or answered the handshake with an error that is not transient (a database index
    /// out of range, an option it does not support).
    /// </summary>
    private static bool IsUnrecoverable(Exception error) =>
        error is RedisAuthenticationException or RedisServerException { IsTransient: false };

    private void FailBacklogAndChannel(string why, Exception? unrecoverable = null)
    {
        List<PendingCommand> unsent;
        lock (_backlogLock)
        {
            unsent = [.. _backlog];
            _backlog.Clear();
            PublishBacklogCount();
        }

        while (_channel.Reader.TryRead(out var queued))
        {
            unsent.Add(queued);
        }

        var rehome = unrecoverable is null ? Rehome : null;
        foreach (var command in unsent)
        {
            if (rehome is not null && !command.IsCallerCompleted && !command.IsConnectionBound && rehome(command))
            {
                continue;
            }

            if (unrecoverable is not null)
            {
                FailUnrecoverable(command, unrecoverable);
            }
            else
            {
                FailUnsent(command, why);
            }
        }
    }
}
