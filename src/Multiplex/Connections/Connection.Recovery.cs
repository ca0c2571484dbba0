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
        Diagnostics.Log.ConnectionLost(_logger, EndpointText, reason.Message);
        Interlocked.Exchange(ref _sessionChanged, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
        if (Interlocked.Exchange(ref _reconnecting, 1) == 0)
        {
            Volatile.Write(ref _reconnectLoop, Task.Run(() => ReconnectLoopAsync(initial: false)));
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
            for (var attempt = 1; !_disposing.IsCancellationRequested; attempt++)
            {
                // The first attempt is immediate: most failures are a killed socket on a healthy server.
                if (attempt > 1)
                {
                    await Task.Delay(_backoff.GetDelay(attempt - 1), _disposing.Token).ConfigureAwait(false);
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
                        Interlocked.Increment(ref _reconnectCount);
                    }

                    Volatile.Write(ref _reconnecting, 0);
                    Install(session);
                    if (initial)
                    {
                        Diagnostics.Log.Connected(_logger, EndpointText, session.Handshake.Protocol, session.Handshake.ServerVersion);
                    }
                    else
                    {
                        Diagnostics.Log.Reconnected(_logger, EndpointText, attempt);
                    }

                    return;
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !_disposing.IsCancellationRequested)
                {
                    Volatile.Write(ref _lastConnectError, ex);
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
}
