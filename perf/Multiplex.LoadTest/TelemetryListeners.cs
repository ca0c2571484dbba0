using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Multiplex.LoadTest;

/// <summary>
/// --telemetry: listens to the Multiplex source and meter the way an exporter would (every span sampled
/// with all its data, every instrument enabled), but records nothing, so a run measures what listening
/// costs the client itself, without an SDK's aggregation or export.
/// </summary>
public sealed class TelemetryListeners : IDisposable
{
    private readonly ActivityListener _spans;
    private readonly MeterListener _metrics;
    private long _stopped;
    private long _measurements;

    public TelemetryListeners()
    {
        _spans = new ActivityListener
        {
            ShouldListenTo = source => source.Name == MultiplexTelemetry.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _ => Interlocked.Increment(ref _stopped),
        };
        ActivitySource.AddActivityListener(_spans);
        _metrics = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == MultiplexTelemetry.MeterName)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        _metrics.SetMeasurementEventCallback<double>((_, _, _, _) => Interlocked.Increment(ref _measurements));
        _metrics.SetMeasurementEventCallback<long>((_, _, _, _) => Interlocked.Increment(ref _measurements));
        _metrics.Start();
    }

    /// <summary>Spans ended and measurements taken so far.</summary>
    public override string ToString() => $"{Interlocked.Read(ref _stopped):N0} span(s), {Interlocked.Read(ref _measurements):N0} measurement(s)";

    public void Dispose()
    {
        _spans.Dispose();
        _metrics.Dispose();
    }
}
