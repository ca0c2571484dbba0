using System.Diagnostics;
namespace Multiplex.Connections;

/// <summary>Replacing a failed session: backoff, reconnect, handshake, resume writing.</summary>
internal sealed partial class Connection
{
    private void OnSessionFailed(ConnectionSession session, Exception reason)
    {
        if (_disposing.IsCancellationRequested)
        {
            return;
        }

        Interlocked.CompareExchange(ref _session, null, session);
        SessionLost?.Invoke(this);
        Diagnostics.Log.ConnectionLost(_logger, EndpointText, reason.Message);
        Volatile.Write(ref _lostAt, Stopwatch.GetTimestamp());
        Events.OnConnectionFailed(EndpointText, Kind, reason, attempt: 0);
        if (reason is RedisProtocolException)
        {
            Events.OnError(EndpointText, Kind, "reading replies", reason);
        }

        Interlocked.Exchange(ref _sessionChanged, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
        if (Interlocked.Exchange(ref _reconnecting, 1) == 0)
        {
            Volatile.Write(ref _reconnectLoop, BackgroundWork.Run(() => ReconnectLoopAsync(initial: false)));
        }
    }

    /// <summary>
    /// Opens sessions until one succeeds or the connection is disposed. <paramref name="initial"/>: this
    /// is the first session of a client created without waiting for it, so success is not a reconnect
    /// and failures are logged as warnings (nothing has connected yet).
    /// </summary>
    private async Task ReconnectLoopAsync(bool initial)
    {
        try
        {
            var previousDelay = TimeSpan.Zero;
            for (var attempt = 1; !_disposing.IsCancellationRequested; attempt++)
            {
                // The first attempt is immediate: most failures are a killed socket on a healthy server.
                if (attempt > 1)
                {
                    previousDelay = _backoff.GetDelay(attempt - 1, previousDelay);
                    await Task.Delay(previousDelay, _disposing.Token).ConfigureAwait(false);
                }

                try
                {
                    var session = await ConnectionSession.OpenAsync(Endpoint, _options, OnSessionFailed, _disposing.Token).ConfigureAwait(false);
                    if (_disposing.IsCancellationRequested)
                    {
                        session.Fail(new RedisConnectionException($"The connection to {EndpointText} was closed by the client.") { Endpoint = EndpointText });
                        return;
                    }

                    if (!initial)
                    {
                        // The first session has nothing to restore: what was asked for before it is
                        // still queued, in order.
                        await WritePreambleAsync(session).ConfigureAwait(false);
                        Interlocked.Increment(ref _reconnectCount);
                        Diagnostics.Instrumentation.RecordReconnect(Server);
                    }

                    Volatile.Write(ref _reconnecting, 0);
                    Install(session);
                    if (initial)
                    {
                        Diagnostics.Log.Connected(_logger, EndpointText, session.Handshake.Protocol, session.Handshake.ServerVersion);
                        Events.OnConnected(EndpointText, Kind, session.Handshake);
                    }
                    else
                    {
                        Diagnostics.Log.Reconnected(_logger, EndpointText, attempt);
                        Events.OnReconnected(EndpointText, Kind, attempt, Stopwatch.GetElapsedTime(Volatile.Read(ref _lostAt)));
                    }

                    return;
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !_disposing.IsCancellationRequested)
                {
                    Volatile.Write(ref _lastConnectError, ex);
                    if (IsUnrecoverable(ex))
                    {
                        // Queued commands fail now rather than time out; the writer loop, the only reader
                        // of the queue, does that when it wakes. Attempts go on (the cause may be fixed).
                        Volatile.Write(ref _unrecoverable, ex);
                        Interlocked.Exchange(ref _sessionChanged, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
                        Events.OnError(EndpointText, Kind, "connecting", ex);
                    }

                    Events.OnConnectionFailed(EndpointText, Kind, ex, attempt);

                    if (initial)
                    {
                        Diagnostics.Log.ConnectFailed(_logger, EndpointText, attempt, ex.Message);
                    }
                    else
                    {
                        Diagnostics.Log.ReconnectFailed(_logger, EndpointText, attempt, ex.Message);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (_disposing.IsCancellationRequested)
        {
        }
        finally
        {
            if (_disposing.IsCancellationRequested)
            {
                Volatile.Write(ref _reconnecting, 0);
            }
        }
    }

    /// <summary>
    /// Writes the <see cref="ReconnectPreamble"/> on a new session before it is installed, so those
    /// commands precede everything queued meanwhile. The writer loop cannot see the session yet, so
    /// this is still the only writer: in-flight order is wire order (ARCHITECTURE.md, invariant 1).
    /// </summary>
    private async Task WritePreambleAsync(ConnectionSession session)
    {
        if (ReconnectPreamble?.Invoke() is not { Count: > 0 } commands || !session.TryBeginOutput())
        {
            return;
        }

        try
        {
            foreach (var command in commands)
            {
                command.Endpoint = EndpointText;
                command.Server = Server;
                if (!command.TryBeginWrite())
                {
                    command.ReleaseWire();
                    continue;
                }

                if (!session.InFlight.TryEnqueue(command))
                {
                    command.TryFail(new RedisConnectionException($"The connection to {EndpointText} was lost before {command.Command.Name} was written.", CommandOutcome.NotSent) { Endpoint = EndpointText });
                    command.ReleaseWire();
                    continue;
                }

                command.WriteFrameTo(session.Output);
            }

            var flush = await session.Output.FlushAsync().ConfigureAwait(false);
            if (flush.IsCompleted)
            {
                throw new RedisConnectionException($"The connection to {EndpointText} stopped accepting writes.", CommandOutcome.Unknown) { Endpoint = EndpointText };
            }
        }
        catch (Exception ex)
        {
            session.Fail(ex);
            throw;
        }
        finally
        {
            session.EndOutput();
        }
    }

    /// <summary>
    /// Ends the current session on purpose (its in-flight commands fail as "may have run"); the connection
    /// reconnects as after any failure, asking for credentials anew.
    /// </summary>
    public void Recycle(string reason) =>
        Volatile.Read(ref _session)?.Fail(new RedisConnectionException($"The connection to {EndpointText} was closed to reconnect: {reason}", CommandOutcome.Unknown) { Endpoint = EndpointText });
}
