using System.Diagnostics;

namespace Multiplex.Diagnostics;

/// <summary>
/// The telemetry of one operation (a command, a batch, a transaction, a blocking command): its span,
/// when listened to and sampled, and its start for the duration histogram, when that is listened to.
/// Started at the caller's call, ended once with the outcome. A default value records nothing.
/// </summary>
/// <remarks>
/// The span is never left as <see cref="Activity.Current"/>: it is started as a child of the caller's
/// current activity, which is then restored, so the span does not flow into work the call starts (the
/// connection's loops, a connect, a retry). It ends where the outcome is known, on whatever thread,
/// and leaves that thread's current activity as it found it.
/// </remarks>
internal readonly struct OperationTelemetry
{
    // db.system.name given at creation, as the conventions ask (so samplers see it).
    private static readonly KeyValuePair<string, object?>[] CreationTags = [new(TelemetryTags.DbSystemName, TelemetryTags.Redis)];

    private readonly Activity? _activity;
    private readonly long _startedAt;
    private readonly string? _operation;
    private readonly string? _namespace;

    private OperationTelemetry(Activity? activity, long startedAt, string operation, string @namespace)
    {
        _activity = activity;
        _startedAt = startedAt;
        _operation = operation;
        _namespace = @namespace;
    }

    /// <summary>Whether anything is being recorded.</summary>
    public bool IsRecording => _operation is not null;

    /// <summary>The span, when one was started (for attributes only known later).</summary>
    public Activity? Activity => _activity;

    /// <summary>
    /// Starts the telemetry of <paramref name="operation"/> on database <paramref name="database"/>; the
    /// caller has checked <see cref="Instrumentation.IsActive"/>. <paramref name="batchSize"/>: the number of
    /// commands of a batch or transaction, or -1 for a single command.
    /// </summary>
    public static OperationTelemetry Start(string operation, int database, int batchSize = -1, ServerTags? server = null)
    {
        var @namespace = Instrumentation.Namespace(database);
        var startedAt = Instrumentation.OperationDuration.Enabled ? Stopwatch.GetTimestamp() : 0;
        Activity? activity = null;
        if (Instrumentation.Source.HasListeners())
        {
            var current = Activity.Current;
            activity = Instrumentation.Source.StartActivity(operation, ActivityKind.Client, default(ActivityContext), CreationTags);
            if (activity is not null)
            {
                Activity.Current = current;
                if (activity.IsAllDataRequested)
                {
                    activity.SetTag(TelemetryTags.DbOperationName, operation);
                    activity.SetTag(TelemetryTags.DbNamespace, @namespace);
                    if (batchSize >= 0)
                    {
                        activity.SetTag(TelemetryTags.DbOperationBatchSize, batchSize);
                    }

                    SetServer(activity, server);
                }
            }
        }

        return new OperationTelemetry(activity, startedAt, operation, @namespace);
    }

    /// <summary>
    /// Ends the span (with <c>error.type</c> and status Error on failure) and records the duration.
    /// <paramref name="server"/>: the server that answered, when known.
    /// </summary>
    public void End(Exception? error, ServerTags? server)
    {
        if (_operation is null)
        {
            return;
        }

        var errorType = error is null ? null : Instrumentation.ErrorType(error);
        var statusCode = (error as RedisServerException)?.Prefix;
        if (_activity is { } activity)
        {
            if (activity.IsAllDataRequested)
            {
                SetServer(activity, server);
                if (errorType is not null)
                {
                    activity.SetTag(TelemetryTags.ErrorType, errorType);
                    if (statusCode is not null)
                    {
                        activity.SetTag(TelemetryTags.DbResponseStatusCode, statusCode);
                    }
                }
            }

            if (errorType is not null)
            {
                // The type only: a server's error text can quote the command's arguments.
                activity.SetStatus(ActivityStatusCode.Error, errorType);
            }

            // Stop makes the activity that was current when the span started current again, on this
            // thread: often the reader loop, a sweep or a cancellation callback, which must not take on
            // the caller's activity. What was current here is put back.
            var current = Activity.Current;
            activity.Stop();
            if (!ReferenceEquals(Activity.Current, current))
            {
                Activity.Current = current;
            }
        }

        if (_startedAt != 0 && Instrumentation.OperationDuration.Enabled)
        {
            var tags = new TagList
            {
                { TelemetryTags.DbSystemName, TelemetryTags.Redis },
                { TelemetryTags.DbOperationName, _operation },
                { TelemetryTags.DbNamespace, _namespace },
            };
            Instrumentation.AddServer(ref tags, server);
            if (errorType is not null)
            {
                tags.Add(TelemetryTags.ErrorType, errorType);
                if (statusCode is not null)
                {
                    tags.Add(TelemetryTags.DbResponseStatusCode, statusCode);
                }
            }

            Instrumentation.OperationDuration.Record(Stopwatch.GetElapsedTime(_startedAt).TotalSeconds, tags);
        }
    }

    private static void SetServer(Activity activity, ServerTags? server)
    {
        if (server is null)
        {
            return;
        }

        activity.SetTag(TelemetryTags.ServerAddress, server.Address);
        if (server.Port is { } port)
        {
            activity.SetTag(TelemetryTags.ServerPort, port);
        }
    }
}
