using Multiplex.Commands;

namespace Multiplex.Connections;

/// <summary>
/// The 10 ms sweep: times out callers whose deadline passed (queued or in flight), tears down a
/// session whose oldest command is far past its timeout, and sends a heartbeat PING when idle.
/// </summary>
internal sealed partial class Connection
{
    // A connection whose oldest in-flight command is older than twice its timeout plus this grace is
    // considered stuck and torn down (a reply that late will not come).
    private const long StuckGraceMilliseconds = 1000;

    private void Sweep()
    {
        // Timer callbacks can overlap when the thread pool is busy; one sweep at a time is enough.
        if (Interlocked.Exchange(ref _sweeping, 1) != 0)
        {
            return;
        }

        try
        {
            var now = Environment.TickCount64;
            SweepBacklog(now);
            var session = Volatile.Read(ref _session);
            if (session is not { IsAlive: true })
            {
                return;
            }

            var oldest = session.InFlight.SweepTimeouts(now);
            if (oldest is { } stuck && now - stuck.WrittenAtMilliseconds > (2 * stuck.TimeoutMilliseconds) + StuckGraceMilliseconds)
            {
                session.Fail(new RedisConnectionException(
                    $"No reply from {EndpointText} to {stuck.Name} for {now - stuck.WrittenAtMilliseconds} ms (timeout {stuck.TimeoutMilliseconds} ms): the connection is considered dead.",
                    CommandOutcome.Unknown)
                { Endpoint = EndpointText });
                return;
            }

            if (oldest is null && now - session.LastReadMilliseconds >= (long)_options.HeartbeatInterval.TotalMilliseconds)
            {
                SendHeartbeat(session);
            }
        }
        finally
        {
            Volatile.Write(ref _sweeping, 0);
        }
    }

    private void SweepBacklog(long now)
    {
        List<PendingCommand>? expired = null;
        lock (_backlogLock)
        {
            if (_backlog.Count == 0)
            {
                return;
            }

            var count = _backlog.Count;
            for (var i = 0; i < count; i++)
            {
                var command = _backlog.Dequeue();
                if (TimeOutQueued(command, now) || command.IsCallerCompleted)
                {
                    (expired ??= []).Add(command);
                }
                else
                {
                    _backlog.Enqueue(command);
                }
            }

            PublishBacklogCount();
        }

        if (expired is null)
        {
            return;
        }

        foreach (var command in expired)
        {
            command.MarkAbandoned();
            command.ReleaseWire();
        }
    }

    /// <summary>
    /// Times out a command that waited in the backlog past its deadline, saying why it was not sent: the
    /// connection is down, and the latest attempt to open it failed with this cause (when there was one).
    /// </summary>
    private bool TimeOutQueued(PendingCommand command, long now)
    {
        if (LastConnectError is not { } cause || now < command.DeadlineMilliseconds || command.IsCallerCompleted)
        {
            return command.TryTimeOut(now);
        }

        return command.TryFail(new RedisTimeoutException(
            $"{command.Command.Name} timed out after {command.TimeoutMilliseconds} ms while queued (not sent): {EndpointText} is not connected (last connect attempt: {cause.Message}).",
            CommandOutcome.NotSent,
            cause)
        { Command = command.Command.Name, Endpoint = EndpointText });
    }

    private void SendHeartbeat(ConnectionSession session)
    {
        if (Interlocked.Exchange(ref _heartbeatOutstanding, 1) != 0)
        {
            return;
        }

        // Any reply proves the connection alive: +PONG, or ["pong", ""] on a subscribed RESP2 connection.
        var ping = PendingCommand<RedisResult>.Rent(CommandTokens.Ping, ReplyParsers.Result, _options.HeartbeatTimeout);
        CommandEncoder.Write(ping, CommandTokens.Ping);
        _ = AwaitHeartbeatAsync(session, ping.Task);
        Enqueue(ping, CancellationToken.None);
    }

    private async Task AwaitHeartbeatAsync(ConnectionSession session, ValueTask<RedisResult> reply)
    {
        try
        {
            await reply.ConfigureAwait(false);
        }
        catch (RedisTimeoutException ex)
        {
            session.Fail(new RedisConnectionException(
                $"Heartbeat PING to {EndpointText} got no reply within {_options.HeartbeatTimeout.TotalMilliseconds:0} ms: the connection is considered dead.",
                CommandOutcome.Unknown,
                ex)
            { Endpoint = EndpointText });
        }
        catch (RedisException)
        {
            // The session failed for another reason; recovery is already under way.
        }
        finally
        {
            Volatile.Write(ref _heartbeatOutstanding, 0);
        }
    }
}
