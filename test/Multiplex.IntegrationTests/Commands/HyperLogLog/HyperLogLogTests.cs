using Multiplex.IntegrationTests.Support;

namespace Multiplex.IntegrationTests.Commands.HyperLogLog;

[TestFixtureSource(typeof(ProtocolKinds), nameof(ProtocolKinds.Both))]
public sealed class HyperLogLogTests(ServerKind kind) : ClientFixture(kind)
{
    [Test]
    public async Task Pfadd_reports_changes_and_pfcount_estimates_distinct_elements()
    {
        var key = TestClients.Key("hll");
        Assert.That(await Client.PfAddAsync(key, ["a", "b", "c", "a"]), Is.True);
        Assert.That(await Client.PfAddAsync(key, ["a"]), Is.False);
        Assert.That(await Client.PfCountAsync(key), Is.EqualTo(3));
        Assert.That(await Client.PfCountAsync(TestClients.Key("none")), Is.EqualTo(0));
    }

    [Test]
    public async Task Pfadd_without_elements_creates_the_key()
    {
        var key = TestClients.Key("hll");
        Assert.That(await Client.PfAddAsync(key, []), Is.True);
        Assert.That(await Client.ExistsAsync(key), Is.True);
        Assert.That(await Client.PfAddAsync(key, []), Is.False);
    }

    [Test]
    public async Task Pfcount_over_several_keys_and_pfmerge_count_the_union()
    {
        var first = TestClients.Key("first");
        var second = TestClients.Key("second");
        var merged = TestClients.Key("merged");
        await Client.PfAddAsync(first, Enumerable.Range(0, 1000).Select(i => (RedisValue)i).ToArray());
        await Client.PfAddAsync(second, Enumerable.Range(500, 1000).Select(i => (RedisValue)i).ToArray());
        Assert.That(await Client.PfCountAsync([first, second]), Is.InRange(1450, 1550));
        await Client.PfMergeAsync(merged, [first, second]);
        Assert.That(await Client.PfCountAsync(merged), Is.InRange(1450, 1550));
    }

    [Test]
    public void Argument_errors_throw_before_sending()
    {
        Assert.Throws<ArgumentException>(() => Client.PfAddAsync(default, ["a"]));
        Assert.Throws<ArgumentException>(() => Client.PfAddAsync(TestClients.Key("hll"), [RedisValue.Null]));
        Assert.Throws<ArgumentException>(() => Client.PfCountAsync(Array.Empty<RedisKey>()));
        var error = Assert.Throws<ArgumentException>(() => Client.PfMergeAsync(TestClients.Key("hll"), []));
        Assert.That(error!.ParamName, Is.EqualTo("sources"));
    }

    [Test]
    public async Task Pfcount_on_a_set_is_a_wrongtype_error()
    {
        var key = TestClients.Key("set");
        await Client.SAddAsync(key, "a");
        var error = Assert.ThrowsAsync<RedisServerException>(async () => await Client.PfCountAsync(key));
        Assert.That(error!.Kind, Is.EqualTo(ServerErrorKind.WrongType));
        Assert.That(error.Command, Is.EqualTo("PFCOUNT"));
    }
}
