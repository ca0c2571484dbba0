using System.Diagnostics;
using Multiplex.IntegrationTests.Support;

namespace Multiplex.IntegrationTests.Blocking;

/// <summary>Blocking pops on dedicated connections, over RESP3 and RESP2.</summary>
[TestFixtureSource(typeof(ProtocolKinds), nameof(ProtocolKinds.Both))]
public sealed class BlockingCommandTests(ServerKind kind) : ClientFixture(kind)
{
    [Test]
    public async Task Blpop_and_brpop_return_the_element_and_its_list()
    {
        var empty = TestClients.Key("empty");
        var list = TestClients.Key("list");
        await Client.ExecuteAsync("RPUSH", [list, "a", "b", "c"]);

        Assert.That(await Client.BLPopAsync([empty, list], TimeSpan.FromSeconds(1)), Is.EqualTo(new ListElement(list, "a")));
        Assert.That(await Client.BRPopAsync([empty, list], TimeSpan.FromSeconds(1)), Is.EqualTo(new ListElement(list, "c")));
    }

    [Test]
    public async Task Blpop_and_brpop_of_one_list_take_the_key_alone()
    {
        var key = TestClients.Key("single");
        await Client.RPushAsync(key, ["a", "b"]);

        Assert.That(await Client.BLPopAsync(key, TimeSpan.FromSeconds(1)), Is.EqualTo(new ListElement(key, "a")));
        Assert.That(await Client.BRPopAsync(key, TimeSpan.FromSeconds(1)), Is.EqualTo(new ListElement(key, "b")));
        Assert.That(await Client.BLPopAsync(key, TimeSpan.FromMilliseconds(50)), Is.Null);
    }

    [Test]
    public async Task A_pop_that_times_out_returns_null()
    {
        var watch = Stopwatch.StartNew();
        Assert.That(await Client.BLPopAsync([TestClients.Key("none")], TimeSpan.FromMilliseconds(200)), Is.Null);
        Assert.That(watch.Elapsed, Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(150)));
    }

    [Test]
    public async Task A_blocked_pop_receives_an_element_pushed_later()
    {
        var list = TestClients.Key("later");
        var pop = Client.BLPopAsync([list], TimeSpan.FromSeconds(10)).AsTask();
        await Task.Delay(100);
        Assert.That(pop.IsCompleted, Is.False);
        await Client.ExecuteAsync("RPUSH", [list, "x"]);
        Assert.That(await pop, Is.EqualTo(new ListElement(list, "x")));
    }

    [Test]
    public async Task Brpoplpush_moves_the_element()
    {
        var source = TestClients.Key("source");
        var destination = TestClients.Key("destination");
        await Client.ExecuteAsync("RPUSH", [source, "1", "2"]);
        Assert.That((string?)await Client.BRPopLPushAsync(source, destination, TimeSpan.FromSeconds(1)), Is.EqualTo("2"));
        Assert.That((await Client.ExecuteAsync("LRANGE", [destination, 0, -1])).ToString(), Does.Contain("2"));
        Assert.That((await Client.BRPopLPushAsync(TestClients.Key("nothing"), destination, TimeSpan.FromMilliseconds(100))).IsNull, Is.True);
    }

    [Test]
    public async Task Cancelling_a_30_second_pop_returns_within_a_second_and_the_connection_is_reused()
    {
        var list = TestClients.Key("cancel");
        var pool = Client.DedicatedPoolFor(list);
        await Client.BLPopAsync([list], TimeSpan.FromMilliseconds(10)); // warm the pool: one idle connection
        var openBefore = pool.OpenCount;
        var replacedBefore = pool.ReplacedCount;

        using var source = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        var watch = Stopwatch.StartNew();
        Assert.ThrowsAsync(Is.InstanceOf<OperationCanceledException>(), async () => await Client.BLPopAsync([list], TimeSpan.FromSeconds(30), source.Token));
        TestContext.Out.WriteLine($"cancelled after {watch.Elapsed.TotalMilliseconds:0} ms");
        Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(1)));

        // The released connection comes back in step and is reused: the next pop works and opens nothing new.
        await WaitForAsync(() => pool.LeasedCount == 0);
        await Client.ExecuteAsync("RPUSH", [list, "after"]);
        Assert.That(await Client.BLPopAsync([list], TimeSpan.FromSeconds(1)), Is.EqualTo(new ListElement(list, "after")));
        Assert.That(pool.ReplacedCount, Is.EqualTo(replacedBefore));
        Assert.That(pool.OpenCount, Is.EqualTo(openBefore));
    }

    [Test]
    public void Bad_arguments_throw_before_anything_is_sent()
    {
        Assert.Throws<ArgumentException>(() => Client.BLPopAsync([], TimeSpan.FromSeconds(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => Client.BRPopAsync(["k"], TimeSpan.FromSeconds(-1)));
        Assert.Throws<ArgumentException>(() => Client.BRPopLPushAsync(default, "d", TimeSpan.Zero));
    }

    [Test]
    public async Task A_wrong_type_is_a_server_error_and_the_connection_is_kept()
    {
        var key = TestClients.Key("string");
        await Client.SetAsync(key, "not a list");
        var error = Assert.ThrowsAsync<RedisServerException>(async () => await Client.BLPopAsync([key], TimeSpan.FromSeconds(1)));
        Assert.That(error!.Kind, Is.EqualTo(ServerErrorKind.WrongType));
        Assert.That(error.Command, Is.EqualTo("BLPOP"));
        Assert.That(Client.DedicatedPoolFor(key).LeasedCount, Is.Zero);
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        var watch = Stopwatch.StartNew();
        while (!condition() && watch.Elapsed < TimeSpan.FromSeconds(5))
        {
            await Task.Delay(10);
        }

        Assert.That(condition(), Is.True, "the condition did not become true within 5 s");
    }
}
