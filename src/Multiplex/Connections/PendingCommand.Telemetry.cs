using Multiplex.Diagnostics;

namespace Multiplex.Connections;

/// <summary>
/// A command's span and duration (ARCHITECTURE.md, Diagnostics): started at the caller's call when a
/// listener is attached, ended exactly once, where the caller is given its outcome (a reply, a server
/// error, a timeout, a cancellation, a lost connection). The pooled command forgets them on every reuse.
/// </summary>
internal abstract partial class PendingCommand
{
    private OperationTelemetry _telemetry;

    /// <summary>The server the command was last sent to, for telemetry; set with <see cref="Endpoint"/>.</summary>
    public ServerTags? Server { get; set; }

    /// <summary>
    /// Starts the command's telemetry (the caller has checked <see cref="Instrumentation.IsActive"/>):
    /// a client span named after the command, and the start of its duration.
    /// </summary>
    public void StartTelemetry(RedisClientOptions options)
    {
        _telemetry = OperationTelemetry.Start(Command.Name, options.Database);
        if (options.QueryTextCapture != QueryTextCapture.None && _telemetry.Activity is { IsAllDataRequested: true } activity)
        {
            activity.SetTag(TelemetryTags.DbQueryText, QueryText.Of(Encoded, Command.NameLength, options.QueryTextCapture));
        }
    }

    /// <summary>Ends the command's telemetry, if it was started, with the caller's outcome.</summary>
    protected void EndTelemetry(Exception? error)
    {
        if (!_telemetry.IsRecording)
        {
            return;
        }

        var telemetry = _telemetry;
        _telemetry = default;
        telemetry.End(error, Server);
    }

    /// <summary>
    /// Ends the telemetry of a command its sink refused (it throws to the caller, who never awaits it);
    /// nothing happens when the refusal completed the caller, which ended it already.
    /// </summary>
    public void EndTelemetryUnsent(Exception error)
    {
        if (!IsCallerCompleted)
        {
            EndTelemetry(error);
        }
    }

    /// <summary>Counts a caller released by its timeout (<c>multiplex.command.timeouts</c>).</summary>
    protected void RecordTimeout() => Instrumentation.RecordTimeout(Command.Name, Server);

    /// <summary>Forgets the previous use's telemetry.</summary>
    private void ResetTelemetry()
    {
        _telemetry = default;
        Server = null;
    }
}
