using StackExchangeRedis = StackExchange.Redis;

namespace Multiplex.LoadTest;

/// <summary>
/// One simulated caller of StackExchange.Redis: the same loop as <see cref="Caller"/> (one long-lived
/// async method, each operation awaited before the next, timed into the run's <see cref="LatencyRecorder"/>), with StackExchange.Redis's
/// idiomatic calls: <c>StringGetAsync</c>, <c>StringSetAsync</c>, <c>StringIncrementAsync</c>, and for a
/// batch an <c>IBatch</c> filled, then <c>Execute</c>d, then awaited.
/// </summary>
public sealed class StackExchangeCaller : ILoadCaller
{
    private readonly StackExchangeRedis.IDatabase _database;
    private readonly RunSpec _spec;
    private readonly StackExchangeRedis.RedisKey _key;
    private readonly StackExchangeRedis.RedisValue _value;
    private readonly Task<StackExchangeRedis.RedisValue>[] _batch;
    private long _completed;

    public StackExchangeCaller(StackExchangeRedis.IDatabase database, RunSpec spec, string key, byte[] value)
    {
        _database = database;
        _spec = spec;
        _key = key;
        _value = value;
        _batch = new Task<StackExchangeRedis.RedisValue>[spec.Workload == Workload.Batch ? spec.BatchSize : 0];
    }

    public long Completed => Volatile.Read(ref _completed);

    /// <inheritdoc/>
    /// <remarks>Every await is in this one method, as in <see cref="Caller"/>, so per-operation allocations are the client's.</remarks>
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
                    await _database.StringGetAsync(_key);
                    done++;
                    break;
                case Workload.GetLease:
                    (await _database.StringGetLeaseAsync(_key))?.Dispose();
                    done++;
                    break;
                case Workload.Set:
                case Workload.Mixed:
                    await _database.StringSetAsync(_key, _value);
                    done++;
                    break;
                case Workload.Incr:
                    await _database.StringIncrementAsync(_key);
                    done++;
                    break;
                case Workload.Batch:
                    // StackExchange.Redis's batch: the commands are buffered, then sent together by Execute.
                    var batch = _database.CreateBatch();
                    for (var i = 0; i < _batch.Length; i++)
                    {
                        _batch[i] = batch.StringGetAsync(_key);
                    }

                    batch.Execute();
                    for (var i = 0; i < _batch.Length; i++)
                    {
                        await _batch[i];
                    }

                    Array.Clear(_batch);

                    done += _batch.Length;
                    break;
                default:
                    throw new NotSupportedException($"{_spec.Workload} has no StackExchange.Redis caller.");
            }

            timer.Stop(latencies);
            Volatile.Write(ref _completed, done);
        }
    }
}
