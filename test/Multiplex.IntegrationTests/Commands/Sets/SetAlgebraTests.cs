using Multiplex.IntegrationTests.Support;

namespace Multiplex.IntegrationTests.Commands.Sets;

[TestFixtureSource(typeof(ProtocolKinds), nameof(ProtocolKinds.Both))]
public sealed class SetAlgebraTests(ServerKind kind) : ClientFixture(kind)
{
    private string _first = null!;
    private string _second = null!;

    [SetUp]
    public async Task CreateSetsAsync()
    {
        _first = TestClients.Key("first");
        _second = TestClients.Key("second");
        await Client.SAddAsync(_first, ["a", "b", "c", "d"]);
        await Client.SAddAsync(_second, ["c", "d", "e"]);
    }

    [Test]
    public async Task Sinter_sunion_and_sdiff_combine_the_sets()
    {
        Assert.That((await Client.SInterAsync([_first, _second])).AsSortedText(), Is.EqualTo(new[] { "c", "d" }));
        Assert.That((await Client.SUnionAsync([_first, _second])).AsSortedText(), Is.EqualTo(new[] { "a", "b", "c", "d", "e" }));
        Assert.That((await Client.SDiffAsync([_first, _second])).AsSortedText(), Is.EqualTo(new[] { "a", "b" }));
        Assert.That(await Client.SInterAsync([_first, TestClients.Key("none")]), Is.Empty);
    }

    [Test]
    public async Task The_store_variants_replace_the_destination_and_return_its_size()
    {
        var destination = TestClients.Key("dest");
        await Client.SAddAsync(destination, "old");
        Assert.That(await Client.SInterStoreAsync(destination, [_first, _second]), Is.EqualTo(2));
        Assert.That((await Client.SMembersAsync(destination)).AsSortedText(), Is.EqualTo(new[] { "c", "d" }));
        Assert.That(await Client.SUnionStoreAsync(destination, [_first, _second]), Is.EqualTo(5));
        Assert.That(await Client.SDiffStoreAsync(destination, [_first, _second]), Is.EqualTo(2));
        Assert.That((await Client.SMembersAsync(destination)).AsSortedText(), Is.EqualTo(new[] { "a", "b" }));
        Assert.That(await Client.SDiffStoreAsync(destination, [_first, _first]), Is.EqualTo(0));
        Assert.That(await Client.ExistsAsync(destination), Is.False);
    }

    [Test]
    public async Task Sintercard_counts_the_intersection_up_to_the_limit()
    {
        Assert.That(await Client.SInterCardAsync([_first, _second]), Is.EqualTo(2));
        Assert.That(await Client.SInterCardAsync([_first, _second], limit: 1), Is.EqualTo(1));
        Assert.That(await Client.SInterCardAsync([_first]), Is.EqualTo(4));
        Assert.That(await Client.SInterCardAsync([_first, TestClients.Key("none")]), Is.EqualTo(0));
    }

    [Test]
    public async Task Sscan_walks_every_member_across_pages()
    {
        var key = TestClients.Key("big");
        await Client.SAddAsync(key, Enumerable.Range(0, 300).Select(i => (RedisValue)$"m{i}").ToArray());
        var seen = new HashSet<string>();
        await foreach (var member in Client.SScanAsync(key, pageSize: 20))
        {
            seen.Add((string)member!);
        }

        Assert.That(seen, Has.Count.EqualTo(300));
        Assert.That(seen, Does.Contain("m299"));
    }

    [Test]
    public async Task Sscan_with_a_pattern_returns_only_matching_members()
    {
        var matched = new List<RedisValue>();
        await foreach (var member in Client.SScanAsync(_first, "[ab]"))
        {
            matched.Add(member);
        }

        Assert.That(matched.AsSortedText(), Is.EqualTo(new[] { "a", "b" }));
    }

    [Test]
    public async Task Sscan_stops_when_cancelled()
    {
        var key = TestClients.Key("big");
        // Enough string members for a hashtable encoding, which SSCAN pages (small sets come back whole).
        await Client.SAddAsync(key, Enumerable.Range(0, 300).Select(i => (RedisValue)$"m{i}").ToArray());
        using var cancellation = new CancellationTokenSource();
        var count = 0;
        Assert.CatchAsync<OperationCanceledException>(async () =>
        {
            await foreach (var member in Client.SScanAsync(key, pageSize: 10).WithCancellation(cancellation.Token))
            {
                count++;
                await cancellation.CancelAsync();
            }
        });
        Assert.That(count, Is.LessThan(300));
    }

    [Test]
    public void Argument_errors_throw_before_sending()
    {
        Assert.Throws<ArgumentException>(() => Client.SInterAsync([]));
        Assert.Throws<ArgumentException>(() => Client.SUnionAsync([_first, default]));
        Assert.Throws<ArgumentException>(() => Client.SDiffStoreAsync(default, [_first]));
        Assert.Throws<ArgumentException>(() => Client.SInterCardAsync([]));
        Assert.Throws<ArgumentOutOfRangeException>(() => Client.SInterCardAsync([_first], limit: -1));
    }
}
