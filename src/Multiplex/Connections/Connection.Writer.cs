namespace Multiplex.Connections;

/// <summary>The writer loop: channel → session pipe, one flush per drained batch.</summary>
internal sealed partial class Connection
{
    private async Task WriteLoopAsync()
    {
        var reader = _channel.Reader;
        while (!_disposing.IsCancellationRequested)
        {
            try
            {
                if (_writingStopped)
                {
                    // Until disposed: queued commands stay for Rehome.
                    await Task.Delay(Timeout.InfiniteTimeSpan, _disposing.Token).ConfigureAwait(false);
                }

                var session = Volatile.Read(ref _session);
                if (session is not { IsAlive: true })
                {
                    await WaitWhileDisconnectedAsync().ConfigureAwait(false);
                    continue;
                }

                // In flight is bounded like the queue: at the limit, wait for replies to make room.
                await session.InFlight.WaitForRoomAsync(_options.MaxPendingCommands).ConfigureAwait(false);
                if (!HasBacklog() && !reader.TryPeek(out _))
                {
                    // No token: the channel reuses one waiter object only for uncancellable waits, and
                    // this wait happens every time the loop goes idle. DisposeAsync completes the channel,
                    // which ends the wait.
                    if (!await reader.WaitToReadAsync().ConfigureAwait(false))
                    {
                        return;
                    }

                    continue;
                }

                await WriteBatchAsync(session).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (_disposing.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // The loop never dies silently: log, fail the session so callers hear of it, go on.
                Diagnostics.Log.WriterLoopFailed(_logger, EndpointText, ex);
                Events.OnError(EndpointText, Kind, "writing commands", ex);
                Volatile.Read(ref _session)?.Fail(ex);
            }
        }
    }

    /// <summary>Writes the backlog, then whatever the channel holds, and flushes once.</summary>
    private async Task WriteBatchAsync(ConnectionSession session)
    {
        if (!session.TryBeginOutput())
        {
            // A caller is writing inline (or the session is failing): wait for it to let go.
            await session.WaitForOutputAsync().ConfigureAwait(false);
            return;
        }

        var output = session.Output;
        var reader = _channel.Reader;
        try
        {
            while (TryTakeNext(reader, out var command))
            {
                if (!command.TryBeginWrite())
                {
                    command.ReleaseWire(); // cancelled or timed out while queued: never sent
                    continue;
                }

                var enqueued = session.InFlight.TryEnqueue(command, _options.MaxPendingCommands);
                if (enqueued != EnqueueResult.Added)
                {
                    // Full: write it once replies have made room. Closed: the session failed between the
                    // check and now; keep the command for the next one.
                    command.RevertWrite();
                    ReturnToBacklog(command);
                    break;
                }

                // The frame is complete (encoded by the caller), so committing it cannot leave a
                // partial command in the pipe.
                await WriteFrameAsync(session, command).ConfigureAwait(false);
                if (output.UnflushedBytes >= MaxUnflushedBytes)
                {
                    break;
                }
            }

            var flush = await output.FlushAsync().ConfigureAwait(false);
            if (flush.IsCompleted)
            {
                session.Fail(StoppedAcceptingWrites());
            }
        }
        catch (Exception ex)
        {
            FailWrite(session, ex);
        }
        finally
        {
            session.EndOutput();
        }
    }

    private bool TryTakeNext(System.Threading.Channels.ChannelReader<PendingCommand> reader, out PendingCommand command)
    {
        if (_writingStopped)
        {
            command = null!;
            return false;
        }

        if (HasBacklog())
        {
            lock (_backlogLock)
            {
                if (_backlog.TryDequeue(out command!))
                {
                    PublishBacklogCount();
                    return true;
                }
            }
        }

        return reader.TryRead(out command!);
    }

    // The writer loop asks this once per command, so it reads the published count instead of taking
    // the backlog lock. Only the writer loop adds to the backlog, so a zero it reads cannot hide a
    // command another thread added; other threads only remove.
    private bool HasBacklog() => Volatile.Read(ref _backlogCount) > 0;

    /// <summary>Publishes the backlog's size for <see cref="HasBacklog"/>; call under the backlog lock after a change.</summary>
    private void PublishBacklogCount() => Volatile.Write(ref _backlogCount, _backlog.Count);

    private void ReturnToBacklog(PendingCommand command)
    {
        lock (_backlogLock)
        {
            // It was taken first, so it goes back first: rebuild the queue with it at the head.
            var rest = _backlog.ToArray();
            _backlog.Clear();
            _backlog.Enqueue(command);
            foreach (var queued in rest)
            {
                _backlog.Enqueue(queued);
            }

            PublishBacklogCount();
        }
    }

    /// <summary>
    /// While no session is live: move queued commands to the backlog (where the sweep can time them
    /// out) or, in fail-fast mode, fail them; wait for a new session or new commands.
    /// </summary>
    private async Task WaitWhileDisconnectedAsync()
    {
        var sessionChanged = Volatile.Read(ref _sessionChanged).Task;
        if (IsConnected)
        {
            return;
        }

        var reader = _channel.Reader;
        var unrecoverable = Volatile.Read(ref _unrecoverable);
        var failFast = _options.WhileDisconnected == DisconnectedBehavior.FailFast || unrecoverable is not null;
        var backlogFull = false;
        while (true)
        {
            lock (_backlogLock)
            {
                backlogFull = !failFast && _backlog.Count >= _options.MaxPendingCommands;
            }

            if (backlogFull)
            {
                break; // leave the rest in the channel, whose bound pushes back on callers
            }

            if (!reader.TryRead(out var command))
            {
                break;
            }

            if (unrecoverable is not null)
            {
                FailUnrecoverable(command, unrecoverable);
                continue;
            }

            if (failFast)
            {
                FailUnsent(command, "the connection is down and the client is in fail-fast mode");
                continue;
            }

            lock (_backlogLock)
            {
                _backlog.Enqueue(command);
                PublishBacklogCount();
            }
        }

        if (failFast)
        {
            FailBacklogAndChannel("the connection is down and the client is in fail-fast mode", unrecoverable);
        }

        // Wake up for a new session, for new commands (unless the backlog is full), or after a short
        // while in any case so nothing waits on a missed signal.
        var moreCommands = backlogFull ? Task.Delay(Timeout.Infinite, _disposing.Token) : reader.WaitToReadAsync(_disposing.Token).AsTask();
        await Task.WhenAny(sessionChanged, moreCommands, Task.Delay(SweepPeriodMilliseconds * 10, _disposing.Token)).ConfigureAwait(false);
        _disposing.Token.ThrowIfCancellationRequested();
    }
}
