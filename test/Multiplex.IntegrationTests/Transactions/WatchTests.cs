using Multiplex.IntegrationTests.Support;

namespace Multiplex.IntegrationTests.Transactions;

/// <summary>The WATCH optimistic-retry helper, over RESP3 and RESP2.</summary>
[TestFixtureSource(typeof(ProtocolKinds), nameof(ProtocolKinds.Both))]
public sealed class WatchTests(ServerKind kind) : ClientFixture(kind)
{
    // Short waits between retries so that the tests spend their time on the wire.
    private static readonly TransactionOptions FastRetries = new()
    {
        RetryBackoff = new ExponentialBackoff(TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(10), jitter: 1.0),
    };

    [Test]
    public async Task A_watched_key_changed_by_another_client_makes_the_helper_retry_and_then_commit()
    {
        var key = TestClients.Key("retried");
        await Client.SetAsync(key, 10);
        var bodies = 0;
        ValueTask<bool> written = default;

        var attempts = await Client.TransactAsync([key], async (tx, ct) =>
        {
            bodies++;
            var current = (long)await tx.Client.GetAsync(key, ct);
            if (tx.Attempt == 1)
            {
                await Client.SetAsync(key, 100, cancellationToken: ct); // another connection: a conflict
            }

            written = tx.Transaction.SetAsync(key, current + 1, cancellationToken: ct);
        }, FastRetries);

        Assert.That(attempts, Is.EqualTo(2));
        Assert.That(bodies, Is.EqualTo(2));
        Assert.That(await written, Is.True);
        Assert.That((long)await Client.GetAsync(key), Is.EqualTo(101));
        Assert.That(Client.DedicatedPoolFor(key).LeasedCount, Is.Zero);
    }

    [Test]
    public async Task A_conflict_on_every_attempt_throws_a_watch_exception_after_exactly_the_configured_attempts()
    {
        var key = TestClients.Key("always");
        var bodies = 0;
        var queued = new List<ValueTask<long>>();

        var error = Assert.ThrowsAsync<WatchException>(async () => await Client.TransactAsync([key], async (tx, ct) =>
        {
            bodies++;
            await Client.SetAsync(key, tx.Attempt, cancellationToken: ct);
            queued.Add(tx.Transaction.IncrAsync(key, ct));
        }, FastRetries with { MaxAttempts = 3 }));

        Assert.That(bodies, Is.EqualTo(3));
        Assert.That(error!.Attempts, Is.EqualTo(3));
        Assert.That(error.Keys, Is.EqualTo(new RedisKey[] { key }));
        Assert.That(error.Message, Does.Contain(key).And.Contain("3 attempts").And.Contain("127.0.0.1"));
        Assert.That(error.IsTransient, Is.True);
        foreach (var discarded in queued)
        {
            Assert.ThrowsAsync(Is.InstanceOf<OperationCanceledException>(), async () => await discarded);
        }

        Assert.That((long)await Client.GetAsync(key), Is.EqualTo(3), "no INCR ran");
        Assert.That(Client.DedicatedPoolFor(key).LeasedCount, Is.Zero);
    }

    [Test]
    public async Task Fifty_callers_incrementing_by_read_and_set_a_hundred_times_each_end_at_exactly_five_thousand()
    {
        const int Callers = 50;
        const int Increments = 100;
        await using var client = await TestClients.ConnectAsync(Kind, options => options with
        {
            DedicatedPool = new DedicatedPoolOptions { MaxSize = 16, LeaseTimeout = TimeSpan.FromSeconds(60) },
        });
        var key = TestClients.Key("counter");
        var options = FastRetries with { MaxAttempts = int.MaxValue };
        using var bound = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        long totalAttempts = 0;

        var callers = Enumerable.Range(0, Callers).Select(caller => Task.Run(async () =>
        {
            for (var i = 0; i < Increments; i++)
            {
                var attempts = await client.TransactAsync([key], async (tx, ct) =>
                {
                    var current = await tx.Client.GetAsync(key, ct);
                    _ = tx.Transaction.SetAsync(key, (current.IsNull ? 0 : (long)current) + 1, cancellationToken: ct);
                }, options, bound.Token);
                Interlocked.Add(ref totalAttempts, attempts);
            }
        })).ToArray();
        await Task.WhenAll(callers);

        Assert.That((long)await client.GetAsync(key), Is.EqualTo(Callers * Increments));
        Assert.That(totalAttempts, Is.GreaterThan(Callers * Increments), "contention should have forced retries");
        Assert.That(client.DedicatedPoolFor(key).LeasedCount, Is.Zero);
    }

    [Test]
    public async Task The_helper_respects_the_pool_bound_and_returns_every_lease()
    {
        const int PoolSize = 2;
        await using var client = await TestClients.ConnectAsync(Kind, options => options with
        {
            DedicatedPool = new DedicatedPoolOptions { MaxSize = PoolSize, LeaseTimeout = TimeSpan.FromSeconds(30) },
        });
        var anyKey = TestClients.Key("any");
        var pool = client.DedicatedPoolFor(anyKey);
        var mostLeased = 0;

        var tasks = Enumerable.Range(0, 10).Select(i => Task.Run(async () =>
        {
            var key = TestClients.Key($"bounded:{i}");
            await client.TransactAsync([key], async (tx, ct) =>
            {
                InterlockedMax(ref mostLeased, pool.LeasedCount);
                await Task.Delay(20, ct);
                _ = tx.Transaction.SetAsync(key, i, cancellationToken: ct);
            });
        })).ToArray();
        await Task.WhenAll(tasks);

        Assert.That(mostLeased, Is.InRange(1, PoolSize));
        Assert.That(pool.LeasedCount, Is.Zero);
        Assert.That(pool.OpenCount, Is.LessThanOrEqualTo(PoolSize));
    }

    [Test]
    public async Task A_body_that_throws_cancels_its_queued_commands_and_leaves_the_connection_unwatched()
    {
        await using var client = await TestClients.ConnectAsync(Kind, options => options with
        {
            DedicatedPool = new DedicatedPoolOptions { MaxSize = 1 },
        });
        var watched = TestClients.Key("watched");
        ValueTask<bool> queued = default;
        Assert.ThrowsAsync<InvalidOperationException>(async () => await client.TransactAsync([watched], async (tx, ct) =>
        {
            await tx.Client.GetAsync(watched, ct);
            queued = tx.Transaction.SetAsync(watched, "never", cancellationToken: ct);
            throw new InvalidOperationException("the body gave up");
        }));
        Assert.ThrowsAsync(Is.InstanceOf<OperationCanceledException>(), async () => await queued);
        Assert.That(await client.ExistsAsync(watched), Is.False);

        // The same (only) pooled connection: a WATCH left behind would discard the next transaction.
        await client.SetAsync(watched, "changed");
        var other = TestClients.Key("other");
        var attempts = await client.TransactAsync([other], (tx, ct) =>
        {
            _ = tx.Transaction.SetAsync(other, "ok", cancellationToken: ct);
            return ValueTask.CompletedTask;
        }, new TransactionOptions { MaxAttempts = 1 });
        Assert.That(attempts, Is.EqualTo(1));
        Assert.That((string?)await client.GetAsync(other), Is.EqualTo("ok"));
        Assert.That(client.DedicatedPoolFor(other).LeasedCount, Is.Zero);
    }

    [Test]
    public async Task Cancelling_during_the_body_throws_and_returns_the_lease()
    {
        var key = TestClients.Key("cancelled");
        using var source = new CancellationTokenSource();
        Assert.ThrowsAsync(Is.InstanceOf<OperationCanceledException>(), async () => await Client.TransactAsync([key], async (tx, ct) =>
        {
            await source.CancelAsync();
            await tx.Client.GetAsync(key, ct);
            _ = tx.Transaction.SetAsync(key, "never", cancellationToken: ct);
        }, cancellationToken: source.Token));

        Assert.That(await Client.ExistsAsync(key), Is.False);
        Assert.That(Client.DedicatedPoolFor(key).LeasedCount, Is.Zero);
    }

    [Test]
    public async Task A_body_that_queues_nothing_commits_on_the_first_attempt()
    {
        var key = TestClients.Key("read-only");
        await Client.HSetAsync(key, "f", "v");
        HashEntry[] read = [];
        var attempts = await Client.TransactAsync([key], async (tx, ct) =>
        {
            read = await tx.Client.HGetAllAsync(key, ct);
        });

        Assert.That(attempts, Is.EqualTo(1));
        Assert.That(read, Is.EqualTo(new[] { new HashEntry("f", "v") }));
    }

    private static void InterlockedMax(ref int target, int value)
    {
        var current = Volatile.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }
}
