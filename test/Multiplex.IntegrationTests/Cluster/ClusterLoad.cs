using System.Collections.Concurrent;
using System.Diagnostics;

namespace Multiplex.IntegrationTests.Cluster;

/// <summary>
/// Callers writing and reading their own keys through one client while a test changes the cluster under
/// them: each caller owns every <c>callers</c>-th key, SETs a new value, then GETs it back and checks it.
/// Records the last value each key was acknowledged with, every error, and when each write to a key was
/// acknowledged, so a test can tell when writes reached a shard again. Bounded by a stop token and by
/// <see cref="MaxRounds"/>.
/// </summary>
internal sealed class ClusterLoad(RedisClient client, IReadOnlyList<string> keys, int callers)
{
    /// <summary>Each caller stops after this many passes over its keys even if never told to stop.</summary>
    public const int MaxRounds = 10_000;

    private readonly string?[] _acknowledged = new string?[keys.Count];
    private readonly string?[] _attempted = new string?[keys.Count];
    private readonly ConcurrentQueue<(int Key, long At)> _writes = new();
    private long _operations;

    /// <summary>The errors callers saw, with the key they were working on.</summary>
    public ConcurrentQueue<(string Key, Exception Error)> Errors { get; } = new();

    /// <summary>Completed SETs and GETs.</summary>
    public long Operations => Interlocked.Read(ref _operations);

    /// <summary>The value each key was last acknowledged with (null when no write to it was).</summary>
    public IReadOnlyList<string?> Acknowledged => _acknowledged;

    /// <summary>The value of the latest write to each key, acknowledged or not (one that failed with its outcome unknown may have run).</summary>
    public IReadOnlyList<string?> Attempted => _attempted;

    /// <summary>When each acknowledged write completed (<see cref="Stopwatch"/> timestamps), by key index.</summary>
    public IEnumerable<(int Key, long At)> Writes => _writes;

    /// <summary>Runs the callers until <paramref name="stop"/> is cancelled (or each has made <see cref="MaxRounds"/> passes).</summary>
    public Task RunAsync(CancellationToken stop) =>
        Task.WhenAll(Enumerable.Range(0, callers).Select(caller => Task.Run(() => CallerAsync(caller, stop))));

    private async Task CallerAsync(int caller, CancellationToken stop)
    {
        for (var round = 0; round < MaxRounds && !stop.IsCancellationRequested; round++)
        {
            for (var index = caller; index < keys.Count && !stop.IsCancellationRequested; index += callers)
            {
                var key = keys[index];
                var value = $"{caller}:{round}";
                _attempted[index] = value;
                try
                {
                    await client.SetAsync(key, value);
                    _acknowledged[index] = value;
                    _writes.Enqueue((index, Stopwatch.GetTimestamp()));
                    var read = (string?)await client.GetAsync(key);
                    Interlocked.Add(ref _operations, 2);
                    if (read != value)
                    {
                        Errors.Enqueue((key, new InvalidOperationException($"GET {key} returned {read ?? "null"} right after SET {value}")));
                    }
                }
                catch (Exception error)
                {
                    Errors.Enqueue((key, error));
                }
            }
        }
    }
}
