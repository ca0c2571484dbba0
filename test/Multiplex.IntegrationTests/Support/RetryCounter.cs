using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;

namespace Multiplex.IntegrationTests.Support;

/// <summary>Counts <c>multiplex.command.retries</c> by command: of one server's port, or of any.</summary>
public sealed class RetryCounter : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, long> _counts = new();

    public RetryCounter(int? port = null)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == "Multiplex" && instrument.Name == "multiplex.command.retries")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, measurement, tags, _) =>
        {
            string? command = null;
            var ours = false;
            foreach (var tag in tags)
            {
                command = tag.Key == "db.operation.name" ? tag.Value as string : command;
                ours |= tag.Key == "server.port" && (port is null || Convert.ToInt32(tag.Value, CultureInfo.InvariantCulture) == port);
            }

            if (ours && command is not null)
            {
                _counts.AddOrUpdate(command, measurement, (_, count) => count + measurement);
            }
        });
        _listener.Start();
    }

    public long For(string command) => _counts.GetValueOrDefault(command);

    public void Dispose() => _listener.Dispose();
}
