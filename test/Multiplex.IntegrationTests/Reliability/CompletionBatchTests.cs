using System.Diagnostics;
using Multiplex.IntegrationTests.Support;

namespace Multiplex.IntegrationTests.Reliability;

/// <summary>
/// The callers answered by one read resume on one work item, one after another. A caller that blocks in
/// its continuation (sync-over-async) must not stall or deadlock the callers answered by the same read,
/// and continuations keep the context they were awaited in.
/// </summary>
[TestFixtureSource(typeof(ProtocolKinds), nameof(ProtocolKinds.Both))]
[NonParallelizable]
public sealed class CompletionBatchTests(ServerKind kind) : ClientFixture(kind)
{
    private const int Pairs = 20;

    [Test]
    public async Task A_continuation_reading_another_result_of_the_same_read_synchronously_gets_it_at_once()
    {
        var key = TestClients.Key("same-read");
        await Client.SetAsync(key, "v");
        for (var i = 0; i < Pairs; i++)
        {
            await PauseBrieflyAsync();
            var first = Client.GetAsync(key);
            var second = Client.GetAsync(key);
            await first.ConfigureAwait(false);

            // Both replies came in one read (the server was paused): the second's result is published
            // before the first's continuation runs, so reading it here does not wait.
            Assert.That(second.IsCompleted, Is.True, $"pair {i}: the second result was not published before the first caller resumed");
            Assert.That((string?)second.Result, Is.EqualTo("v"));
        }
    }

    [Test]
    public async Task A_continuation_blocking_on_a_later_continuation_of_the_same_read_does_not_deadlock_it()
    {
        var key = TestClients.Key("blocking");
        await Client.SetAsync(key, "v");
        var longest = TimeSpan.Zero;
        for (var i = 0; i < Pairs; i++)
        {
            await PauseBrieflyAsync();
            var first = Client.GetAsync(key);

            // The second caller's task completes only when its continuation runs, which comes after the
            // first caller's in the same batch: the first blocks until another runner takes over.
            var second = Client.GetAsync(key).AsTask();
            await first.ConfigureAwait(false);
            var blocked = Stopwatch.StartNew();
            var finished = second.Wait(TimeSpan.FromSeconds(10));
            longest = blocked.Elapsed > longest ? blocked.Elapsed : longest;
            Assert.That(finished, Is.True, $"pair {i}: the second caller never resumed while the first blocked");
            Assert.That((string?)second.Result, Is.EqualTo("v"));
        }

        TestContext.Out.WriteLine($"longest wait of a blocked continuation for its neighbour: {longest.TotalMilliseconds:0.0} ms");
    }

    [Test]
    public async Task The_slow_continuations_of_one_read_get_a_second_runner()
    {
        const int Callers = 128;
        var key = TestClients.Key("slow");
        await Client.SetAsync(key, "v");
        var running = 0;
        var mostAtOnce = 0;
        var threads = new System.Collections.Concurrent.ConcurrentDictionary<int, bool>();

        // The server is paused, so all the replies come in one read and their callers in one batch; each
        // caller then works for 100 µs (a caller doing real work between commands, a cache hit after
        // another), which without a helper would run them one after another on one thread.
        // The helper is a thread-pool work item: it needs a worker that is free (under the test runner the
        // pool may have no more workers than the batch and the runner's own waits use).
        ThreadPool.GetMinThreads(out var workers, out var completionPorts);
        ThreadPool.SetMinThreads(Math.Max(workers, 8), completionPorts);
        try
        {
            await PauseBrieflyAsync();
            var callers = Enumerable.Range(0, Callers).Select(_ => CallerAsync()).ToArray();
            await Task.WhenAll(callers);
        }
        finally
        {
            ThreadPool.SetMinThreads(workers, completionPorts);
        }

        TestContext.Out.WriteLine($"{threads.Count} threads ran the continuations, at most {mostAtOnce} at once");
        Assert.That(mostAtOnce, Is.GreaterThanOrEqualTo(2), "the batch's continuations never ran two at a time");

        async Task CallerAsync()
        {
            Assert.That((string?)await Client.GetAsync(key).ConfigureAwait(false), Is.EqualTo("v"));
            threads[Environment.CurrentManagedThreadId] = true;
            var now = Interlocked.Increment(ref running);
            InterlockedMax(ref mostAtOnce, now);
            var busy = Stopwatch.StartNew();
            while (busy.Elapsed < TimeSpan.FromMicroseconds(100))
            {
                Thread.SpinWait(10);
            }

            Interlocked.Decrement(ref running);
        }

        static void InterlockedMax(ref int target, int value)
        {
            var seen = Volatile.Read(ref target);
            while (value > seen && Interlocked.CompareExchange(ref target, value, seen) is var found && found != seen)
            {
                seen = found;
            }
        }
    }

    [Test]
    public async Task A_continuation_runs_on_the_synchronization_context_it_was_awaited_on()
    {
        var key = TestClients.Key("context");
        await Client.SetAsync(key, "v");
        using var context = new SingleThreadContext();
        var result = await context.RunAsync(async () =>
        {
            var value = await Client.GetAsync(key); // no ConfigureAwait(false): resumes on the context
            return (value: (string?)value, onContext: context.IsCurrentThread);
        });

        Assert.That(result.value, Is.EqualTo("v"));
        Assert.That(result.onContext, Is.True, "the continuation left the synchronization context it was awaited on");
    }

    [Test]
    public async Task An_async_local_value_flows_across_the_await()
    {
        var key = TestClients.Key("flow");
        await Client.SetAsync(key, "v");
        var local = new AsyncLocal<int>();
        var seen = await Task.WhenAll(Enumerable.Range(1, 200).Select(async i =>
        {
            local.Value = i;
            await Client.GetAsync(key).ConfigureAwait(false);
            return local.Value == i;
        }));

        Assert.That(seen, Is.All.True);
    }

    // Pauses the server so the next commands' replies are written together, in one read.
    private async Task PauseBrieflyAsync()
    {
        await using var admin = await TestClients.ConnectAsync(Kind, options => options with { AllowAdminCommands = true });
        await admin.ClientPauseAsync(TimeSpan.FromMilliseconds(50));
    }

    /// <summary>A synchronization context that runs everything posted to it on one thread of its own.</summary>
    private sealed class SingleThreadContext : SynchronizationContext, IDisposable
    {
        private readonly System.Collections.Concurrent.BlockingCollection<(SendOrPostCallback Callback, object? State)> _work = new();
        private readonly Thread _thread;

        public SingleThreadContext()
        {
            _thread = new Thread(() =>
            {
                SetSynchronizationContext(this);
                foreach (var (callback, state) in _work.GetConsumingEnumerable())
                {
                    callback(state);
                }
            })
            { IsBackground = true, Name = "test context" };
            _thread.Start();
        }

        public bool IsCurrentThread => Thread.CurrentThread == _thread;

        public override void Post(SendOrPostCallback d, object? state) => _work.Add((d, state));

        public Task<T> RunAsync<T>(Func<Task<T>> body)
        {
            var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
            Post(
                async _ =>
                {
                    try
                    {
                        done.SetResult(await body());
                    }
                    catch (Exception ex)
                    {
                        done.SetException(ex);
                    }
                },
                null);
            return done.Task;
        }

        public void Dispose()
        {
            _work.CompleteAdding();
            _thread.Join(TimeSpan.FromSeconds(5));
            _work.Dispose();
        }
    }
}
