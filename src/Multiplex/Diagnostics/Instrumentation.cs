using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Multiplex.Diagnostics;

/// <summary>
/// The one <see cref="ActivitySource"/> and the one <see cref="Meter"/> named <c>Multiplex</c>, and their
/// instruments. Every recording site checks <see cref="ActivitySource.HasListeners"/> or the instrument's
/// <see cref="Instrument.Enabled"/> first, so with no listener attached nothing is built or allocated.
/// </summary>
internal static class Instrumentation
{
    // The conventions' advised buckets for db.client.operation.duration and db.client.connection.create_time
    // (seconds): https://opentelemetry.io/docs/specs/semconv/db/database-metrics/
    private static readonly double[] DurationBuckets = [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10];

    public static readonly ActivitySource Source = new(MultiplexTelemetry.ActivitySourceName, Version);

    public static readonly Meter Meter = new(MultiplexTelemetry.MeterName, Version);

    /// <summary><c>db.client.operation.duration</c>: from the caller's call to its outcome, per command, batch or transaction.</summary>
    public static readonly Histogram<double> OperationDuration = Meter.CreateHistogram(
        "db.client.operation.duration",
        unit: "s",
        description: "Duration of database client operations.",
        tags: null,
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });

    /// <summary><c>db.client.connection.create_time</c>: opening a connection, TLS and handshake included.</summary>
    public static readonly Histogram<double> ConnectionCreateTime = Meter.CreateHistogram(
        "db.client.connection.create_time",
        unit: "s",
        description: "The time it took to create a new connection.",
        tags: null,
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });

    /// <summary><c>multiplex.command.timeouts</c>: callers released by their command timeout.</summary>
    public static readonly Counter<long> Timeouts = Meter.CreateCounter<long>(
        "multiplex.command.timeouts", unit: "{command}", description: "Commands whose caller was released by the command timeout.");

    /// <summary><c>multiplex.connection.reconnects</c>: sessions re-established after a failure.</summary>
    public static readonly Counter<long> Reconnects = Meter.CreateCounter<long>(
        "multiplex.connection.reconnects", unit: "{reconnect}", description: "Connections re-established after a failure.");

    /// <summary><c>multiplex.cluster.redirects</c>: MOVED and ASK replies followed.</summary>
    public static readonly Counter<long> Redirects = Meter.CreateCounter<long>(
        "multiplex.cluster.redirects", unit: "{redirect}", description: "Cluster redirects (MOVED, ASK) followed.");

    /// <summary><c>multiplex.command.retries</c>: commands sent again after their connection was lost.</summary>
    public static readonly Counter<long> Retries = Meter.CreateCounter<long>(
        "multiplex.command.retries", unit: "{retry}", description: "Commands sent again after their connection was lost.");

    /// <summary><c>multiplex.pubsub.messages.received</c>: messages handed to subscriptions.</summary>
    public static readonly Counter<long> MessagesReceived = Meter.CreateCounter<long>(
        "multiplex.pubsub.messages.received", unit: "{message}", description: "Pub/sub messages received for subscriptions.");

    /// <summary><c>multiplex.pubsub.messages.dropped</c>: messages a full subscription buffer dropped.</summary>
    public static readonly Counter<long> MessagesDropped = Meter.CreateCounter<long>(
        "multiplex.pubsub.messages.dropped", unit: "{message}", description: "Pub/sub messages dropped because a subscription's buffer was full.");

    /// <summary><c>db.client.connection.count</c>, observed from the live clients when collected.</summary>
    public static readonly ObservableUpDownCounter<long> ConnectionCount = Meter.CreateObservableUpDownCounter(
        "db.client.connection.count", ObservedClients.ObserveConnections, unit: "{connection}",
        description: "Connections by state: used (shared and subscriber connections, leased dedicated ones), idle (dedicated ones in the pool), disconnected (reconnecting).");

    /// <summary><c>db.client.connection.pending_requests</c>, observed from the live clients when collected.</summary>
    public static readonly ObservableUpDownCounter<long> PendingRequests = Meter.CreateObservableUpDownCounter(
        "db.client.connection.pending_requests", ObservedClients.ObservePending, unit: "{request}",
        description: "Commands queued or in flight on the shared connections.");

    /// <summary><c>multiplex.client_cache.hits</c>: reads answered from the client-side cache, observed when collected.</summary>
    public static readonly ObservableCounter<long> CacheHits = Meter.CreateObservableCounter(
        "multiplex.client_cache.hits", () => ObservedClients.ObserveCaches(cache => cache.Hits), unit: "{hit}",
        description: "Reads answered from the client-side cache.");

    /// <summary><c>multiplex.client_cache.misses</c>: reads of cached commands that went to the server.</summary>
    public static readonly ObservableCounter<long> CacheMisses = Meter.CreateObservableCounter(
        "multiplex.client_cache.misses", () => ObservedClients.ObserveCaches(cache => cache.Misses), unit: "{miss}",
        description: "Reads of cached commands that went to the server.");

    /// <summary><c>multiplex.client_cache.evictions</c>: entries dropped to stay within the cache's bounds.</summary>
    public static readonly ObservableCounter<long> CacheEvictions = Meter.CreateObservableCounter(
        "multiplex.client_cache.evictions", () => ObservedClients.ObserveCaches(cache => cache.Evictions), unit: "{entry}",
        description: "Client-side cache entries dropped to stay within its entry and byte bounds.");

    /// <summary><c>multiplex.client_cache.invalidations</c>: entries dropped because their key changed (or the cache was flushed).</summary>
    public static readonly ObservableCounter<long> CacheInvalidations = Meter.CreateObservableCounter(
        "multiplex.client_cache.invalidations", () => ObservedClients.ObserveCaches(cache => cache.Invalidations), unit: "{entry}",
        description: "Client-side cache entries (and reads in flight) dropped because their key changed, or by a flush.");

    /// <summary><c>multiplex.client_cache.entries</c>: entries held now.</summary>
    public static readonly ObservableUpDownCounter<long> CacheEntries = Meter.CreateObservableUpDownCounter(
        "multiplex.client_cache.entries", () => ObservedClients.ObserveCaches(cache => cache.Count), unit: "{entry}",
        description: "Entries the client-side cache holds.");

    /// <summary><c>multiplex.client_cache.size</c>: bytes held now, as counted against the byte bound.</summary>
    public static readonly ObservableUpDownCounter<long> CacheSize = Meter.CreateObservableUpDownCounter(
        "multiplex.client_cache.size", () => ObservedClients.ObserveCaches(cache => cache.Bytes), unit: "By",
        description: "Bytes the client-side cache holds, as counted against its byte bound.");

    private static string Version => typeof(Instrumentation).Assembly.GetName().Version?.ToString() ?? "0.0.0";

    /// <summary>
    /// Whether a command's telemetry is worth starting: a listener on the source, or on the duration
    /// histogram. The only telemetry cost on a command's path when nothing listens.
    /// </summary>
    public static bool IsActive => Source.HasListeners() || OperationDuration.Enabled;

    /// <summary>The <c>error.type</c> of a failure: a server error's prefix, otherwise the exception's type.</summary>
    public static string ErrorType(Exception error) =>
        error is RedisServerException server ? server.Prefix : error.GetType().FullName ?? error.GetType().Name;

    /// <summary><c>db.namespace</c>: the database index as text (the usual ones without allocating).</summary>
    public static string Namespace(int database) =>
        (uint)database < (uint)DatabaseNames.Length ? DatabaseNames[database] : database.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Counts a caller released by its timeout.</summary>
    public static void RecordTimeout(string operation, ServerTags? server)
    {
        if (!Timeouts.Enabled)
        {
            return;
        }

        var tags = new TagList { { TelemetryTags.DbSystemName, TelemetryTags.Redis }, { TelemetryTags.DbOperationName, operation } };
        AddServer(ref tags, server);
        Timeouts.Add(1, tags);
    }

    /// <summary>Counts a session re-established after a failure.</summary>
    public static void RecordReconnect(ServerTags server)
    {
        if (Reconnects.Enabled)
        {
            var tags = new TagList { { TelemetryTags.DbSystemName, TelemetryTags.Redis } };
            AddServer(ref tags, server);
            Reconnects.Add(1, tags);
        }
    }

    /// <summary>Counts a command sent again after its connection to <paramref name="server"/> was lost.</summary>
    public static void RecordRetry(string command, ServerTags? server)
    {
        if (Retries.Enabled)
        {
            var tags = new TagList { { TelemetryTags.DbSystemName, TelemetryTags.Redis }, { TelemetryTags.DbOperationName, command } };
            AddServer(ref tags, server);
            Retries.Add(1, tags);
        }
    }

    /// <summary>Counts a redirect (MOVED or ASK) from <paramref name="server"/>.</summary>
    public static void RecordRedirect(string prefix, ServerTags? server)
    {
        if (Redirects.Enabled)
        {
            var tags = new TagList { { TelemetryTags.DbSystemName, TelemetryTags.Redis }, { TelemetryTags.DbResponseStatusCode, prefix } };
            AddServer(ref tags, server);
            Redirects.Add(1, tags);
        }
    }

    /// <summary>Counts a pub/sub message handed to a subscription, or dropped by its full buffer.</summary>
    public static void RecordMessage(Counter<long> counter, SubscriptionKind kind)
    {
        if (counter.Enabled)
        {
            var name = kind switch
            {
                SubscriptionKind.Pattern => "pattern",
                SubscriptionKind.Shard => "shard",
                _ => "channel",
            };
            counter.Add(1, new KeyValuePair<string, object?>(TelemetryTags.DbSystemName, TelemetryTags.Redis), new KeyValuePair<string, object?>(TelemetryTags.SubscriptionKind, name));
        }
    }

    /// <summary>
    /// The span around all the attempts of <c>TransactAsync</c> when the source is listened to (null
    /// otherwise). It becomes the current activity of the caller's async flow inside <c>TransactAsync</c>
    /// only, so each attempt's WATCH, reads and MULTI spans are its children; the caller's current activity
    /// is its own again when <c>TransactAsync</c> returns.
    /// </summary>
    public static Activity? StartTransact(int database)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        var activity = Source.StartActivity(TelemetryTags.Transact, ActivityKind.Client);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(TelemetryTags.DbSystemName, TelemetryTags.Redis);
            activity.SetTag(TelemetryTags.DbOperationName, TelemetryTags.Transact);
            activity.SetTag(TelemetryTags.DbNamespace, Namespace(database));
        }

        return activity;
    }

    /// <summary>Ends the span of <c>TransactAsync</c> with the attempts made and, on failure, the error's type.</summary>
    public static void EndTransact(Activity activity, int attempts, Exception? error)
    {
        if (activity.IsAllDataRequested)
        {
            activity.SetTag(TelemetryTags.TransactionAttempts, attempts);
            if (error is not null)
            {
                activity.SetTag(TelemetryTags.ErrorType, ErrorType(error));
            }
        }

        if (error is not null)
        {
            activity.SetStatus(ActivityStatusCode.Error, ErrorType(error));
        }

        activity.Stop();
    }

    /// <summary>The time a connection took to open, from <paramref name="startedAt"/> (<see cref="Stopwatch"/> ticks; 0: not measured).</summary>
    public static void RecordConnectionCreated(long startedAt, ServerTags server, Exception? error)
    {
        if (startedAt == 0 || !ConnectionCreateTime.Enabled)
        {
            return;
        }

        var tags = new TagList { { TelemetryTags.DbSystemName, TelemetryTags.Redis }, { TelemetryTags.ConnectionPoolName, server.PoolName } };
        AddServer(ref tags, server);
        if (error is not null)
        {
            tags.Add(TelemetryTags.ErrorType, ErrorType(error));
        }

        ConnectionCreateTime.Record(Stopwatch.GetElapsedTime(startedAt).TotalSeconds, tags);
    }

    /// <summary>A <see cref="Stopwatch"/> timestamp when the connection-creation histogram listens, else 0.</summary>
    public static long ConnectionStart() => ConnectionCreateTime.Enabled ? Stopwatch.GetTimestamp() : 0;

    public static void AddServer(ref TagList tags, ServerTags? server)
    {
        if (server is null)
        {
            return;
        }

        tags.Add(TelemetryTags.ServerAddress, server.Address);
        if (server.Port is { } port)
        {
            tags.Add(TelemetryTags.ServerPort, port);
        }
    }

    // db.namespace of databases 0 to 15 (the server's default number of databases).
    private static readonly string[] DatabaseNames = [.. Enumerable.Range(0, 16).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))];
}
