using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace Multiplex.Stress.Storm;

/// <summary>What a storm ended with.</summary>
public sealed record StormResult(
    StormCounters Counters,
    TimeSpan Elapsed,
    IReadOnlyList<string> Misdeliveries,
    IReadOnlyList<string> UnexpectedErrors,
    IReadOnlyList<StormEvent> LastEvents)
{
    /// <summary>Whether the storm proved what it set out to: no reply reached the wrong caller, nothing unexpected.</summary>
    public bool Passed => Misdeliveries.Count == 0 && UnexpectedErrors.Count == 0 && Counters.Misdelivered == 0 && Counters.ForeignCancellations == 0;
}

/// <summary>
/// The storm: many callers share one multiplexed client (and a few whose command timeout is 1–5 ms),
/// cancel a share of their commands at random moments, while the server is paused, put to sleep and
/// made to drop connections. Every value names its key and a nonce, and every successful reply is
/// checked against the command that asked for it; batches of ECHOs and MULTI/SET/GET/EXEC
/// transactions are checked command by command.
/// </summary>
public static class StormRunner
{
    // Client names: the storm's own connections start with Chaos.ClientNamePrefix (they may be killed);
    // the admin client's does not.
    private const string MainClientName = Chaos.ClientNamePrefix + "main";
    private const string AdminClientName = "storm-admin";

    // The storm's client-side cache (with --client-cache): a tenth of the keys, so it fills, turns reads away and evicts.
    private const int CachedEntries = 1000;

    // Short-timeout clients, one per timeout from 1 ms to this many ms.
    private const int LongestShortTimeoutMilliseconds = 5;

    // Cancellations due within this many microseconds happen right after the command is issued.
    private const int ImmediateCancelMicroseconds = 250;
    private const int MaxCancelDelayMicroseconds = 2000;

    // One operation in this many is a large one (ECHO, SET, a GET into a lease of about 100 KB, and the
    // same GET into a lease inside a batch between two ECHOs).
    private const int LargeOneIn = 2000;
    private const int LargeValueLength = 100 * 1024;

    // At most this many misdeliveries and unexpected errors are described in full.
    private const int MaxDescribed = 20;

    // Batches hold 1 to this many ECHOs.
    private const int MaxBatchSize = 8;

    /// <summary>Runs one storm against the server in <paramref name="options"/>.</summary>
    public static async Task<StormResult> RunAsync(StormOptions options)
    {
        var counters = new StormCounters();
        var ring = new EventRing();
        var misdeliveries = new ConcurrentQueue<string>();
        var unexpected = new ConcurrentQueue<string>();
        var endpoint = RedisEndpoint.Tcp(options.Host, options.Port);
        var baseOptions = new RedisClientOptions
        {
            Endpoints = [endpoint],
            ClientName = MainClientName,
            ClientCache = options.ClientCache ? new ClientCacheOptions { MaxEntries = CachedEntries } : null,
        };
        await using var main = await RedisClient.ConnectAsync(baseOptions);
        await using var admin = await RedisClient.ConnectAsync(baseOptions with { ClientName = AdminClientName, AllowAdminCommands = true });
        var shortTimeout = new RedisClient[LongestShortTimeoutMilliseconds];
        for (var i = 0; i < shortTimeout.Length; i++)
        {
            shortTimeout[i] = await RedisClient.ConnectAsync(baseOptions with
            {
                ClientName = string.Create(CultureInfo.InvariantCulture, $"{Chaos.ClientNamePrefix}timeout-{i + 1}ms"),
                CommandTimeout = TimeSpan.FromMilliseconds(i + 1),
            });
        }

        var runId = Guid.NewGuid().ToString("N")[..8];
        using var stop = new CancellationTokenSource(options.Duration);
        var stopwatch = Stopwatch.StartNew();
        var chaos = new Chaos(admin, counters, options.Seed).RunAsync(options.PauseEvery, options.KillEvery, options.SleepEvery, stop.Token);
        var progress = ReportProgressAsync(options, counters, stopwatch, [main, .. shortTimeout], stop.Token);
        var callers = Enumerable.Range(0, options.Callers)
            .Select(caller => Task.Run(() => CallerAsync(caller)))
            .ToArray();
        await Task.WhenAll(callers);
        stopwatch.Stop();
        await stop.CancelAsync();
        await chaos;
        await progress;
        counters.Reconnects = main.ReconnectCount + shortTimeout.Sum(client => client.ReconnectCount);
        counters.InlineWrites = ((RedisClient[])[main, .. shortTimeout])
            .Sum(client => client.Nodes.Sum(node => node.Connections.Sum(connection => connection.InlineWriteCount)));

        // The shared connection still answers correctly once the storm is over.
        var probeKey = $"stress:{runId}:probe";
        try
        {
            await main.SetAsync(probeKey, probeKey);
            if ((string?)await main.GetAsync(probeKey) != probeKey)
            {
                unexpected.Enqueue("after the storm, the main client returned the wrong value for its probe key");
            }
        }
        catch (RedisException ex)
        {
            unexpected.Enqueue($"after the storm, the main client failed its probe (connected: {main.IsConnected}): {ex.Message}");
        }

        if (main.ClientCache is { } cache)
        {
            options.Progress?.Invoke(string.Create(
                CultureInfo.InvariantCulture,
                $"client cache of the main client: {cache.Hits:N0} hits, {cache.Misses:N0} misses, {cache.Evictions:N0} evictions, {cache.Invalidations:N0} invalidations, {cache.Count:N0} entries"));
        }

        foreach (var client in shortTimeout)
        {
            await client.DisposeAsync();
        }

        return new StormResult(counters, stopwatch.Elapsed, [.. misdeliveries], [.. unexpected], ring.Last(200));

        async Task CallerAsync(int caller)
        {
            var random = new Random(HashCode.Combine(options.Seed, caller));
            while (!stop.IsCancellationRequested)
            {
                var nonce = Interlocked.Increment(ref counters.Operations);
                if (options.MaxOperations > 0 && nonce > options.MaxOperations)
                {
                    Interlocked.Decrement(ref counters.Operations);
                    return;
                }

                var key = string.Create(CultureInfo.InvariantCulture, $"stress:{runId}:{random.Next(options.Keys)}");
                var useShort = random.NextDouble() < options.ShortTimeoutShare;
                var client = useShort ? shortTimeout[random.Next(shortTimeout.Length)] : main;
                var clientName = client.Options.ClientName!;
                var operation = random.Next(100) switch
                {
                    < 32 => "ECHO",
                    < 64 => "GET",
                    < 84 => "SETGET",
                    < 92 => "SET",
                    < 96 => "BATCH",
                    _ => "MULTI",
                };
                if (random.Next(LargeOneIn) == 0)
                {
                    operation = "LARGE";
                }

                var value = string.Create(CultureInfo.InvariantCulture, $"{key}|{nonce}|{clientName}");
                using var cancel = random.NextDouble() < options.CancelProbability ? new CancellationTokenSource() : null;
                var cancelAfter = random.Next(MaxCancelDelayMicroseconds + 1);
                if (cancel is not null && cancelAfter >= ImmediateCancelMicroseconds)
                {
                    cancel.CancelAfter(TimeSpan.FromMicroseconds(cancelAfter));
                }

                var token = cancel?.Token ?? CancellationToken.None;
                try
                {
                    var batchSize = operation == "BATCH" ? 1 + random.Next(MaxBatchSize) : 0;
                    var (ok, got) = await RunOneAsync(client, operation, key, value, batchSize, cancel, cancelAfter < ImmediateCancelMicroseconds, token);
                    if (ok)
                    {
                        Interlocked.Increment(ref counters.Completed);
                        ring.Add(clientName, operation, key, nonce, "ok");
                    }
                    else
                    {
                        Interlocked.Increment(ref counters.Misdelivered);
                        var what = $"MISDELIVERED: {operation} {key} nonce={nonce} on {clientName} got \"{got}\"";
                        ring.Add(clientName, operation, key, nonce, what);
                        if (misdeliveries.Count < MaxDescribed)
                        {
                            misdeliveries.Enqueue(what);
                        }
                    }
                }
                catch (OperationCanceledException ex) when (cancel is null)
                {
                    // This caller never cancelled: another caller's cancellation reached it.
                    Interlocked.Increment(ref counters.ForeignCancellations);
                    var what = $"FOREIGN CANCELLATION: {operation} {key} nonce={nonce} on {clientName} was cancelled without a token: {ex.Message}";
                    ring.Add(clientName, operation, key, nonce, what);
                    if (misdeliveries.Count < MaxDescribed)
                    {
                        misdeliveries.Enqueue(what);
                    }
                }
                catch (OperationCanceledException ex)
                {
                    Interlocked.Increment(ref counters.Cancelled);
                    var afterSend = ex.Message.Contains("after it was sent", StringComparison.Ordinal);
                    if (afterSend)
                    {
                        // The interesting case: the reply is still on its way and must be discarded.
                        Interlocked.Increment(ref counters.CancelledAfterSend);
                    }

                    ring.Add(clientName, operation, key, nonce, afterSend ? "cancelled after send" : "cancelled");
                }
                catch (RedisTimeoutException ex)
                {
                    Interlocked.Increment(ref counters.TimedOut);
                    if (ex.Outcome == CommandOutcome.Unknown)
                    {
                        Interlocked.Increment(ref counters.TimedOutAfterSend);
                    }

                    ring.Add(clientName, operation, key, nonce, $"timeout ({ex.Outcome})");
                }
                catch (RedisConnectionException ex)
                {
                    Interlocked.Increment(ref counters.ConnectionErrors);
                    counters.NoteConnectionError(ex.Message);
                    ring.Add(clientName, operation, key, nonce, $"connection error ({ex.Outcome})");
                }
                catch (RedisServerException ex)
                {
                    Interlocked.Increment(ref counters.ServerErrors);
                    ring.Add(clientName, operation, key, nonce, $"server error: {ex.Message}");
                }
                catch (Exception ex)
                {
                    // A parse failure here would mean a reply of the wrong shape reached this caller.
                    Interlocked.Increment(ref counters.OtherErrors);
                    ring.Add(clientName, operation, key, nonce, $"UNEXPECTED {ex.GetType().Name}: {ex.Message}");
                    if (unexpected.Count < MaxDescribed)
                    {
                        unexpected.Enqueue($"{operation} {key} nonce={nonce} on {clientName}: {ex}");
                    }
                }
            }
        }
    }

    /// <summary>Sends one operation (a batch or transaction counts as one) and checks its reply against its own key and nonce.</summary>
    private static async Task<(bool Ok, string? Got)> RunOneAsync(
        RedisClient client, string operation, string key, string value, int batchSize, CancellationTokenSource? cancel, bool cancelAtOnce, CancellationToken token)
    {
        var ownPrefix = key + "|";
        switch (operation)
        {
            case "BATCH":
                return await RunBatchAsync(client, value, batchSize, cancel, cancelAtOnce, token);

            case "MULTI":
                return await RunTransactionAsync(client, key, value, cancel, cancelAtOnce, token);

            case "LARGE":
            {
                // Frames written from their command's buffer and replies received into arrays of their
                // own or into a lease's rented one: each must be this operation's, whole.
                var large = value + "|" + new string('x', LargeValueLength);
                var echo = client.EchoAsync(large, token);
                CancelAtOnce(cancel, cancelAtOnce);
                var echoed = (string?)await echo;
                if (echoed != large)
                {
                    return (false, echoed is null ? null : echoed[..Math.Min(echoed.Length, 120)]);
                }

                await client.SetAsync(key, large, cancellationToken: token);
                using var lease = await client.GetLeaseAsync(key, token);
                var text = lease is null ? null : System.Text.Encoding.UTF8.GetString(lease.Span);
                if (!IsOwnLargeValue(text, ownPrefix))
                {
                    return (false, text?[..Math.Min(text.Length, 120)]);
                }

                return await RunLargeBatchAsync(client, key, value, ownPrefix, token);
            }

            case "ECHO":
            {
                var pending = client.EchoAsync(value, token);
                CancelAtOnce(cancel, cancelAtOnce);
                var got = (string?)await pending;
                return (got == value, got);
            }

            case "GET":
            {
                var pending = client.GetAsync(key, token);
                CancelAtOnce(cancel, cancelAtOnce);
                var got = (string?)await pending;
                return (got is null || got.StartsWith(ownPrefix, StringComparison.Ordinal), got);
            }

            case "SETGET":
            {
                var pending = client.ExecuteAsync("SET", [key, value, "GET"], token);
                CancelAtOnce(cancel, cancelAtOnce);
                var result = await pending;
                var got = result.IsNull ? null : (string?)result;
                return (got is null || got.StartsWith(ownPrefix, StringComparison.Ordinal), got);
            }

            default:
            {
                var pending = client.SetAsync(key, value, cancellationToken: token);
                CancelAtOnce(cancel, cancelAtOnce);
                var stored = await pending;
                return (stored, stored ? "true" : "false");
            }
        }
    }

    /// <summary>
    /// A batch of ECHOs, each of its own text: every reply must be its own command's. Every command is
    /// awaited (so each is released), then the first failure is rethrown.
    /// </summary>
    private static async Task<(bool Ok, string? Got)> RunBatchAsync(
        RedisClient client, string value, int size, CancellationTokenSource? cancel, bool cancelAtOnce, CancellationToken token)
    {
        var batch = client.CreateBatch();
        var echoes = new ValueTask<RedisValue>[size];
        for (var i = 0; i < size; i++)
        {
            echoes[i] = batch.Commands.EchoAsync(string.Create(CultureInfo.InvariantCulture, $"{value}#{i}"), token);
        }

        var executing = batch.ExecuteAsync(token);
        CancelAtOnce(cancel, cancelAtOnce);
        var failure = await CaptureAsync(executing);
        string? wrong = null;
        for (var i = 0; i < size; i++)
        {
            try
            {
                var got = (string?)await echoes[i];
                if (got != string.Create(CultureInfo.InvariantCulture, $"{value}#{i}"))
                {
                    wrong ??= got ?? "(nil)";
                }
            }
            catch (Exception ex)
            {
                failure ??= ex;
            }
        }

        return wrong is not null ? (false, wrong) : ThrowIfFailed(failure);
    }

    /// <summary>
    /// The large value read into a lease inside a batch, between two ECHOs: the pooled buffer the reply
    /// is received into must be this lease's, whole, and each ECHO's reply its own.
    /// </summary>
    private static async Task<(bool Ok, string? Got)> RunLargeBatchAsync(
        RedisClient client, string key, string value, string ownPrefix, CancellationToken token)
    {
        var batch = client.CreateBatch();
        var first = batch.Commands.EchoAsync(value + "#0", token);
        var leased = batch.Commands.GetLeaseAsync(key, token);
        var last = batch.Commands.EchoAsync(value + "#1", token);
        var failure = await CaptureAsync(batch.ExecuteAsync(token));
        string? wrong = null;
        try
        {
            var got = (string?)await first;
            wrong = got == value + "#0" ? null : got ?? "(nil)";
        }
        catch (Exception ex)
        {
            failure ??= ex;
        }

        try
        {
            using var lease = await leased;
            var text = lease is null ? null : System.Text.Encoding.UTF8.GetString(lease.Span);
            wrong ??= IsOwnLargeValue(text, ownPrefix) ? null : text![..Math.Min(text!.Length, 120)];
        }
        catch (Exception ex)
        {
            failure ??= ex;
        }

        try
        {
            var got = (string?)await last;
            wrong ??= got == value + "#1" ? null : got ?? "(nil)";
        }
        catch (Exception ex)
        {
            failure ??= ex;
        }

        return wrong is not null ? (false, wrong) : ThrowIfFailed(failure);
    }

    /// <summary>A value read back from the caller's own key: null, or the caller's, and whole when large.</summary>
    private static bool IsOwnLargeValue(string? text, string ownPrefix) =>
        text is null || (text.StartsWith(ownPrefix, StringComparison.Ordinal) && (text.Length < LargeValueLength || text.EndsWith('x')));

    /// <summary>MULTI, SET of the caller's value, GET of the same key, EXEC: the GET must read exactly that value.</summary>
    private static async Task<(bool Ok, string? Got)> RunTransactionAsync(
        RedisClient client, string key, string value, CancellationTokenSource? cancel, bool cancelAtOnce, CancellationToken token)
    {
        var transaction = client.CreateTransaction();
        var set = transaction.Commands.SetAsync(key, value, cancellationToken: token);
        var get = transaction.Commands.GetAsync(key, token);
        var executing = transaction.ExecuteAsync(token);
        CancelAtOnce(cancel, cancelAtOnce);
        var failure = await CaptureAsync(executing);
        string? got = null;
        try
        {
            await set;
            got = (string?)await get;
        }
        catch (Exception ex)
        {
            failure ??= ex;
        }

        if (failure is null && got != value)
        {
            return (false, got ?? "(nil)");
        }

        return ThrowIfFailed(failure);
    }

    private static async Task<Exception?> CaptureAsync(Task task)
    {
        try
        {
            await task;
            return null;
        }
        catch (Exception ex)
        {
            return ex;
        }
    }

    private static (bool Ok, string? Got) ThrowIfFailed(Exception? failure)
    {
        if (failure is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
        }

        return (true, null);
    }

    private static void CancelAtOnce(CancellationTokenSource? cancel, bool now)
    {
        if (cancel is not null && now)
        {
            cancel.Cancel();
        }
    }

    private static async Task ReportProgressAsync(StormOptions options, StormCounters counters, Stopwatch stopwatch, RedisClient[] clients, CancellationToken stop)
    {
        if (options.Progress is null)
        {
            return;
        }

        try
        {
            while (!stop.IsCancellationRequested)
            {
                await Task.Delay(options.ProgressEvery, stop);
                counters.Reconnects = clients.Sum(client => client.ReconnectCount);
                options.Progress(counters.ProgressLine(stopwatch.Elapsed));
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
