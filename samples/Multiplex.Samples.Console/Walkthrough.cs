using System.Diagnostics;

namespace Multiplex.Samples.Console;

/// <summary>The demo's steps, each printing what it does and what came back.</summary>
internal sealed class Walkthrough(RedisClient client, TextWriter output)
{
    private readonly string _prefix = $"demo:{Guid.NewGuid().ToString("N")[..8]}:";
    private readonly List<RedisKey> _keys = [];

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            await StringsAsync(cancellationToken);
            await ClientCacheAsync(cancellationToken);
            await BatchAsync(cancellationToken);
            await TransactionAsync(cancellationToken);
            await WatchAsync(cancellationToken);
            await PubSubAsync(cancellationToken);
            await BlockingPopAsync(cancellationToken);
        }
        finally
        {
            var removed = await client.DelAsync(_keys, CancellationToken.None);
            output.WriteLine($"Cleaned up: removed {removed} demo keys.");
        }
    }

    private RedisKey Key(string name)
    {
        RedisKey key = _prefix + name;
        _keys.Add(key);
        return key;
    }

    private void Step(string title) => output.WriteLine($"{Environment.NewLine}== {title}");

    private async Task StringsAsync(CancellationToken cancellationToken)
    {
        Step("Strings");
        var greeting = Key("greeting");
        await client.SetAsync(greeting, "hello from Multiplex", cancellationToken: cancellationToken);
        output.WriteLine($"SET {greeting} -> GET returns \"{await client.GetAsync(greeting, cancellationToken)}\"");

        var visits = Key("visits");
        await client.IncrAsync(visits, cancellationToken);
        output.WriteLine($"INCR {visits} twice -> {await client.IncrAsync(visits, cancellationToken)}");

        // Many callers share one connection: these 1,000 INCRs are pipelined, not run one by one.
        var watch = Stopwatch.StartNew();
        var increments = Enumerable.Range(0, 1000).Select(_ => client.IncrAsync(visits, cancellationToken).AsTask());
        await Task.WhenAll(increments);
        output.WriteLine($"1,000 concurrent INCRs in {watch.ElapsedMilliseconds} ms -> {await client.GetAsync(visits, cancellationToken)}");
    }

    private async Task ClientCacheAsync(CancellationToken cancellationToken)
    {
        Step("Client-side cache: repeated reads from memory until the server says the key changed");
        await using var cached = await RedisClient.ConnectAsync(client.Options with { ClientCache = new ClientCacheOptions() }, cancellationToken);
        var cache = cached.ClientCache!;
        if (!cache.IsEnabled)
        {
            output.WriteLine("This server refused CLIENT TRACKING: the cache stays off and every read goes to the server.");
            return;
        }

        var price = Key("price");
        await client.SetAsync(price, "10", cancellationToken: cancellationToken);
        for (var i = 0; i < 3; i++)
        {
            await cached.GetAsync(price, cancellationToken);
        }

        output.WriteLine($"GET {price} three times -> {cache.Misses} from the server, {cache.Hits} from memory");

        // Another client changes the key: the server pushes an invalidation, and the next read goes to the server.
        await client.SetAsync(price, "12", cancellationToken: cancellationToken);
        var watch = Stopwatch.StartNew();
        RedisValue seen;
        while ((seen = await cached.GetAsync(price, cancellationToken)) != "12" && watch.Elapsed < TimeSpan.FromSeconds(5))
        {
            await Task.Delay(1, cancellationToken);
        }

        output.WriteLine($"another client SET {price} 12 -> the cached client read \"{seen}\" {watch.Elapsed.TotalMilliseconds:0.0} ms later ({cache.Invalidations} invalidation)");
    }

    private async Task BatchAsync(CancellationToken cancellationToken)
    {
        Step("Batch: commands written together, each with its own result");
        var name = Key("user:name");
        var tags = Key("user:tags");
        var batch = client.CreateBatch();
        var set = batch.Commands.SetAsync(name, "Ada", cancellationToken: cancellationToken);
        var pushed = batch.Commands.RPushAsync(tags, ["math", "engines"], cancellationToken);
        var wrongType = batch.Commands.IncrAsync(tags, cancellationToken); // a list is not a number
        var read = batch.Commands.GetAsync(name, cancellationToken);
        await batch.ExecuteAsync(cancellationToken);
        output.WriteLine($"SET -> {await set}, RPUSH -> {await pushed} elements, GET -> \"{await read}\"");
        try
        {
            await wrongType;
        }
        catch (RedisServerException ex)
        {
            output.WriteLine($"INCR on the list failed on its own, the rest succeeded: {ex.Message}");
        }
    }

    private async Task TransactionAsync(CancellationToken cancellationToken)
    {
        Step("Transaction: MULTI ... EXEC, all or nothing");
        var from = Key("account:alice");
        var to = Key("account:bob");
        await client.SetAsync(from, 100, cancellationToken: cancellationToken);
        await client.SetAsync(to, 0, cancellationToken: cancellationToken);

        var transaction = client.CreateTransaction();
        var debited = transaction.Commands.DecrByAsync(from, 30, cancellationToken);
        var credited = transaction.Commands.IncrByAsync(to, 30, cancellationToken);
        var committed = await transaction.ExecuteAsync(cancellationToken);
        output.WriteLine($"moved 30 from alice to bob: committed={committed}, alice={await debited}, bob={await credited}");
    }

    private async Task WatchAsync(CancellationToken cancellationToken)
    {
        Step("Optimistic transaction: WATCH, read, write if nobody else did");
        var price = Key("price");
        await client.SetAsync(price, 10, cancellationToken: cancellationToken);

        // The body reads through the watched connection and queues its writes; when another client
        // changes the key in between, EXEC discards them and the body runs again.
        var interfered = false;
        ValueTask<bool> written = default;
        var attempts = await client.TransactAsync([price], async (tx, ct) =>
        {
            var current = (long)await tx.Client.GetAsync(price, ct);
            if (!interfered)
            {
                interfered = true;
                await client.SetAsync(price, 50, cancellationToken: ct); // someone else writes meanwhile
                output.WriteLine($"  attempt {tx.Attempt}: read {current}, then another client set it to 50");
            }
            else
            {
                output.WriteLine($"  attempt {tx.Attempt}: read {current}, doubling it");
            }

            written = tx.Transaction.SetAsync(price, current * 2, cancellationToken: ct);
        }, cancellationToken: cancellationToken);
        output.WriteLine($"committed on attempt {attempts} (SET -> {await written}): price is now {await client.GetAsync(price, cancellationToken)}");
    }

    private async Task PubSubAsync(CancellationToken cancellationToken)
    {
        Step("Pub/sub as an async stream");
        var channel = _prefix + "news";
        await using var subscription = await client.SubscribeAsync(channel, cancellationToken);
        output.WriteLine($"SUBSCRIBE {channel}: confirmed by the server before SubscribeAsync returned");

        string[] headlines = ["redis 8 is out", "multiplex ships pub/sub", "that's all"];
        var reading = Task.Run(async () =>
        {
            var received = 0;
            await foreach (var message in subscription.WithCancellation(cancellationToken))
            {
                output.WriteLine($"  received on {message.Channel}: {message.Payload}");
                if (++received == headlines.Length)
                {
                    break;
                }
            }
        }, cancellationToken);

        foreach (var headline in headlines)
        {
            var receivers = await client.PublishAsync(channel, headline, cancellationToken);
            output.WriteLine($"PUBLISH \"{headline}\" -> {receivers} subscriber(s)");
        }

        await reading;
    }

    private async Task BlockingPopAsync(CancellationToken cancellationToken)
    {
        Step("Blocking pop on a dedicated connection");
        var jobs = Key("jobs");
        var pop = client.BLPopAsync([jobs], TimeSpan.FromSeconds(10), cancellationToken).AsTask();
        var latency = await client.PingAsync(cancellationToken);
        output.WriteLine($"BLPOP {jobs} is waiting; the shared connection still answers PING in {latency.TotalMilliseconds:0.00} ms");
        await Task.Delay(200, cancellationToken);
        await client.RPushAsync(jobs, ["job-42"], cancellationToken);
        var popped = await pop;
        output.WriteLine($"RPUSH job-42 -> BLPOP woke up with {popped?.Value} from {popped?.Key}");
    }
}
