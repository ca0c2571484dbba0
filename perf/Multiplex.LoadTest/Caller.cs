namespace Multiplex.LoadTest;

/// <summary>
/// One simulated caller: a long-lived async loop that awaits each operation before the next, so its
/// state machine is allocated once per run, not once per operation. It times one operation in
/// <see cref="LatencySampling.PeriodOf"/> into the run's <see cref="LatencyRecorder"/>.
/// </summary>
public sealed class Caller : ILoadCaller
{
    private readonly RedisClient _client;
    private readonly RunSpec _spec;
    private readonly RedisKey _key;
    private readonly RedisValue _value;
    private readonly ValueTask<RedisValue>[] _batch;
    private readonly HotKeySet? _hotKeys;
    private ulong _random;
    private long _completed;

    public Caller(RedisClient client, RunSpec spec, RedisKey key, RedisValue value, HotKeySet? hotKeys = null, int seed = 0)
    {
        _hotKeys = hotKeys;
        _random = HotKeySet.Seed(seed);
        _client = client;
        _spec = spec;
        _key = key;
        _value = value;
        _batch = new ValueTask<RedisValue>[spec.Workload == Workload.Batch ? spec.BatchSize : 0];
    }

    /// <summary>Operations done so far (read by the progress line while the caller runs).</summary>
    public long Completed => Volatile.Read(ref _completed);

    /// <inheritdoc/>
    /// <remarks>
    /// Every await is in this one method: a helper async method per operation would allocate its own
    /// state machine whenever it suspends, and that would be counted as the client's allocation.
    /// </remarks>
    public async Task RunAsync(long quota, long deadlineTimestamp, Task start, LatencyRecorder latencies)
    {
        await start;
        Volatile.Write(ref _completed, 0);
        long done = 0;

        var timer = new LatencySampling.OperationTimer(_spec.Workload);
        while (done < quota)
        {
            if (!timer.Start(deadlineTimestamp))
            {
                break;
            }

            switch (_spec.Workload)
            {
                case Workload.Get:
                case Workload.Mixed when (done & 1) == 0:
                    await _client.GetAsync(_key);
                    done++;
                    break;
                case Workload.GetLease:
                    (await _client.GetLeaseAsync(_key))?.Dispose();
                    done++;
                    break;
                case Workload.Set:
                case Workload.Mixed:
                    await _client.SetAsync(_key, _value);
                    done++;
                    break;
                case Workload.Incr:
                    await _client.IncrAsync(_key);
                    done++;
                    break;
                case Workload.Batch:
                    // A real batch: the commands reach the server in one contiguous write.
                    var batch = _client.CreateBatch();
                    for (var i = 0; i < _batch.Length; i++)
                    {
                        _batch[i] = batch.Commands.GetAsync(_key);
                    }

                    await batch.ExecuteAsync();
                    for (var i = 0; i < _batch.Length; i++)
                    {
                        await _batch[i];
                        _batch[i] = default;
                    }

                    done += _batch.Length;
                    break;
                case Workload.HotKeys:
                    await _client.GetAsync(_hotKeys!.Pick(ref _random));
                    done++;
                    break;
                default:
                    throw new NotSupportedException($"{_spec.Workload} is not available yet.");
            }

            timer.Stop(latencies);
            Volatile.Write(ref _completed, done);
        }
    }
}
