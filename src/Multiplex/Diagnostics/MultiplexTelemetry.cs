namespace Multiplex;

/// <summary>
/// The names under which Multiplex publishes traces and metrics, for an OpenTelemetry setup
/// (<c>AddSource(MultiplexTelemetry.ActivitySourceName)</c>, <c>AddMeter(MultiplexTelemetry.MeterName)</c>)
/// or any other <see cref="System.Diagnostics.ActivityListener"/> or
/// <see cref="System.Diagnostics.Metrics.MeterListener"/>. Nothing is recorded, and nothing is
/// allocated for telemetry, while no listener is attached.
/// </summary>
public static class MultiplexTelemetry
{
    /// <summary>
    /// The name of the <see cref="System.Diagnostics.ActivitySource"/>: <c>Multiplex</c>. It starts one
    /// client span per command, batch and transaction, following the OpenTelemetry semantic conventions
    /// for Redis client spans.
    /// </summary>
    public const string ActivitySourceName = "Multiplex";

    /// <summary>
    /// The name of the <see cref="System.Diagnostics.Metrics.Meter"/>: <c>Multiplex</c>. Its instruments
    /// are <c>db.client.operation.duration</c>, <c>db.client.connection.count</c>,
    /// <c>db.client.connection.create_time</c>, <c>db.client.connection.pending_requests</c>,
    /// <c>multiplex.command.timeouts</c>, <c>multiplex.connection.reconnects</c>,
    /// <c>multiplex.cluster.redirects</c>, <c>multiplex.pubsub.messages.received</c> and
    /// <c>multiplex.pubsub.messages.dropped</c>.
    /// </summary>
    public const string MeterName = "Multiplex";
}
