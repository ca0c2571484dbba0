using Multiplex.IntegrationTests.Support;

namespace Multiplex.IntegrationTests.Commands.HyperLogLog;

[TestFixtureSource(typeof(ProtocolKinds), nameof(ProtocolKinds.Both))]
public sealed class HyperLogLogTests(ServerKind kind)
{
    private RedisClient _client = null!;

    [OneTimeSetUp]
    public async Task ConnectAsync() => _client = await TestClients.ConnectAsync(kind);

    [OneTimeTearDown]
    public async Task DisposeAsync() => await _client.DisposeAsync();

    [Test]
    public async Task Pfadd_reports_changes_and_pfcount_estimates_distinct_elements()
    {
        var key = TestClients.Key("hll");
        Assert.That(await _client.PfAddAsync(key, ["a", "b", "c", "a"]), Is.True);
        Assert.That(await _client.PfAddAsync(key, ["a"]), Is.False);
        Assert.That(await _client.PfCountAsync(key), Is.EqualTo(3));
        Assert.That(await _client.PfCountAsync(TestClients.Key("none")), Is.EqualTo(0));
    }

    [Test]
    public async Task Pfadd_without_elements_creates_the_key()
    {
        var key = TestClients.Key("hll");
        Assert.That(await _client.PfAddAsync(key, []), Is.True);
        Assert.That(await _client.ExistsAsync(key), Is.True);
        Assert.That(await _client.PfAddAsync(key, []), Is.False);
    }

    [Test]
    public async Task Pfcount_over_several_keys_and_pfmerge_count_the_union()
    {
        var first = TestClients.Key("first");
        var second = TestClients.Key("second");
        var merged = TestClients.Key("merged");
        await _client.PfAddAsync(first, Enumerable.Range(0, 1000).Select(i => (RedisValue)i).ToArray());
        await _client.PfAddAsync(second, Enumerable.Range(500, 1000).Select(i => (RedisValue)i).ToArray());
        Assert.That(await _client.PfCountAsync([first, second]), Is.InRange(1450, 1550));
        await _client.PfMergeAsync(merged, [first, second]);
        Assert.That(await _client.PfCountAsync(merged), Is.InRange(1450, 1550));
    }

    [Test]
    public void Argument_errors_throw_before_sending()
    {
        Assert.Throws<ArgumentException>(() => _client.PfAddAsync(default, ["a"]));
        Assert.Throws<ArgumentException>(() => _client.PfAddAsync(TestClients.Key("hll"), [RedisValue.Null]));
        Assert.Throws<ArgumentException>(() => _client.PfCountAsync(Array.Empty<RedisKey>()));
        var error = Assert.Throws<ArgumentException>(() => _client.PfMergeAsync(TestClients.Key("hll"), []));
        Assert.That(error!.ParamName, Is.EqualTo("sources"));
    }

    [Test]
    public async Task Pfcount_on_a_set_is_a_wrongtype_error()
    {
        var key = TestClients.Key("set");
        await _client.SAddAsync(key, "a");
        var error = Assert.ThrowsAsync<RedisServerException>(async () => await _client.PfCountAsync(key));
        Assert.That(error!.Kind, Is.EqualTo(ServerErrorKind.WrongType));
        Assert.That(error.Command, Is.EqualTo("PFCOUNT"));
    }
}
