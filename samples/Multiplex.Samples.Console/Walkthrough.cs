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
            await BatchAsync(cancellationToken);
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
