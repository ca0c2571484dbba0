using Microsoft.Extensions.Logging;
using Multiplex.Connections;
using Multiplex.Diagnostics;
using Multiplex.Topology;

namespace Multiplex.Resilience;

/// <summary>
/// Sends a client's command again after its connection was lost (<see cref="RetryOptions"/>). A session
/// that fails hands each command it drains from its in-flight queue here before failing it: when the
/// command may be retried, this takes it over (the caller's completion stays where it is) and, after the
/// backoff, routes it again through the topology like a new command. Nothing here runs, and nothing is
/// allocated, unless a connection fails.
/// </summary>
internal sealed class CommandRetrier(RetryOptions options, ITopologyProvider topology, ILogger logger)
{
    private readonly CancellationTokenSource _stopping = new();

    /// <summary>The retrier for a client with <paramref name="options"/>; null when retries are off.</summary>
    public static CommandRetrier? Create(RedisClientOptions options, ITopologyProvider topology, ILogger logger) =>
        options.Retry.MaxAttempts > 0 ? new CommandRetrier(options.Retry, topology, logger) : null;

    /// <summary>
    /// Takes over <paramref name="command"/>, which its connection failed with <paramref name="failure"/>,
    /// to send it again later; false when it must fail now (not safe to repeat, out of attempts or time,
    /// its caller gone, the client closing). On true, the caller of this still lets go of its own hold on
    /// the command (the failed wire's), as after any failure.
    /// </summary>
    public bool TryRetry(PendingCommand command, RedisConnectionException failure)
    {
        if (_stopping.IsCancellationRequested || command.IsCallerCompleted || !IsSafe(command, failure.Outcome)
            || command.RetryAttempts >= options.MaxAttempts)
        {
            return false;
        }

        var remaining = command.DeadlineMilliseconds - Environment.TickCount64;
        if (remaining <= 0)
        {
            return false;
        }

        var attempt = ++command.RetryAttempts;
        var delay = options.Backoff.GetDelay(attempt, command.PreviousRetryDelay);
        command.PreviousRetryDelay = delay;
        command.PrepareRetry(failure.Outcome == CommandOutcome.Unknown);
        Log.CommandRetried(logger, command.Command.Name, attempt, (long)delay.TotalMilliseconds, command.Endpoint, failure.Outcome);
        Instrumentation.RecordRetry(command.Command.Name, command.Server);

        // Never sent again from the failing session's thread (a reader or writer loop, or a caller), and
        // without the caller's execution context, as any background work.
        _ = BackgroundWork.Run(() => ResendAsync(command, delay, failure));
        return true;
    }

    /// <summary>Stops retrying: the client is closing. Commands waiting for their retry fail now.</summary>
    public void Stop() => _stopping.Cancel();

    /// <summary>
    /// Whether <paramref name="command"/> may be sent again after a failure with <paramref name="outcome"/>:
    /// only a single command of the client's own on a shared connection; not sent, or (by its mode) one
    /// whose second run does no harm. A transaction's commands never are (EXEC may have run).
    /// </summary>
    internal bool IsSafe(PendingCommand command, CommandOutcome outcome)
    {
        var spec = command.Command;
        if (command.Parts is not null || command.FrameParts is not null || command.TakesSeveralReplies
            || command.TakesPushReplies || command.IsConnectionBound || spec.IsBlocking)
        {
            return false;
        }

        return command.RetryMode switch
        {
            RetryMode.Never => false,
            _ when outcome == CommandOutcome.NotSent => true,
            _ when IsTransactionControl(spec.Name) => false,
            RetryMode.Always => true,
            _ => spec.IsReadOnly || options.IdempotentCommands.Contains(spec.Name),
        };
    }

    private static bool IsTransactionControl(string name) =>
        name is "MULTI" or "EXEC" or "DISCARD" or "WATCH" or "UNWATCH";

    private async Task ResendAsync(PendingCommand command, TimeSpan delay, RedisConnectionException failure)
    {
        var name = command.Command.Name;

        // A backoff that reaches the deadline ends in the timeout: the command is not sent with its
        // caller about to stop waiting (nor a moment early, whatever the clocks' granularity).
        var remaining = command.DeadlineMilliseconds - Environment.TickCount64;
        var reachesDeadline = delay.TotalMilliseconds >= remaining;
        try
        {
            var wait = Math.Min(delay.TotalMilliseconds, Math.Max(0, remaining));
            if (wait > 0)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(wait), _stopping.Token).ConfigureAwait(false);
            }

            _stopping.Token.ThrowIfCancellationRequested();
        }
        catch (OperationCanceledException)
        {
            command.Abandon(new RedisConnectionException(
                $"{name} was not sent again after its connection failed: the client was closed. Cause: {failure.Message}", command.CurrentOutcome, failure)
            { Command = name, Endpoint = command.Endpoint });
            return;
        }

        if (command.IsCallerCompleted)
        {
            Log.RetryDropped(logger, name, command.Endpoint);
            command.Abandon(null); // cancelled (or timed out) while waiting: never sent again
            return;
        }

        if (reachesDeadline || Environment.TickCount64 >= command.DeadlineMilliseconds)
        {
            command.Abandon(new RedisTimeoutException(
                $"{name} timed out after {command.TimeoutMilliseconds} ms waiting to be sent again after its connection failed ({command.RetryAttempts} retries). Cause: {failure.Message}",
                command.CurrentOutcome,
                failure)
            { Command = name, Endpoint = command.Endpoint });
            return;
        }

        try
        {
            topology.Send(command, CancellationToken.None);
        }
        catch (Exception ex)
        {
            command.Abandon(ex is RedisException ? ex : new RedisConnectionException($"{name} could not be sent again: {ex.Message}", command.CurrentOutcome, ex)
            {
                Command = name,
                Endpoint = command.Endpoint,
            });
        }
    }
}
