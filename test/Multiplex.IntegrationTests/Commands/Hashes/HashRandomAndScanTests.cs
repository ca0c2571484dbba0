using Multiplex.IntegrationTests.Support;

namespace Multiplex.IntegrationTests.Commands.Hashes;

[TestFixtureSource(typeof(ProtocolKinds), nameof(ProtocolKinds.Both))]
public sealed class HashRandomAndScanTests(ServerKind kind)
{
    private static readonly HashEntry[] Fields = [new("a", "1"), new("b", "2"), new("c", "3")];

    private RedisClient _client = null!;

    [OneTimeSetUp]
    public async Task ConnectAsync() => _client = await TestClients.ConnectAsync(kind);

    [OneTimeTearDown]
    public async Task DisposeAsync() => await _client.DisposeAsync();

    [Test]
    public async Task Hrandfield_returns_fields_of_the_hash()
    {
        var key = TestClients.Key("h");
        await _client.HSetAsync(key, Fields);
        Assert.That((string?)await _client.HRandFieldAsync(key), Is.AnyOf("a", "b", "c"));
        Assert.That((await _client.HRandFieldAsync(key, 10)).AsSortedText(), Is.EqualTo(new[] { "a", "b", "c" }));
        var repeated = await _client.HRandFieldAsync(key, -7);
        Assert.That(repeated, Has.Length.EqualTo(7));
        Assert.That(repeated.AsText(), Is.All.AnyOf("a", "b", "c"));
        Assert.That((await _client.HRandFieldAsync(TestClients.Key("none"))).IsNull, Is.True);
        Assert.That(await _client.HRandFieldAsync(TestClients.Key("none"), 3), Is.Empty);
    }

    [Test]
    public async Task Hrandfield_with_values_pairs_each_field_with_its_value()
    {
        var key = TestClients.Key("h");
        await _client.HSetAsync(key, Fields);
        Assert.That((await _client.HRandFieldWithValuesAsync(key, 3)).AsSortedText(), Is.EqualTo(new[] { ("a", "1"), ("b", "2"), ("c", "3") }));
        var repeated = await _client.HRandFieldWithValuesAsync(key, -5);
        Assert.That(repeated, Has.Length.EqualTo(5));
        Assert.That(repeated, Is.All.AnyOf(Fields.Cast<object>().ToArray()));
        Assert.That(await _client.HRandFieldWithValuesAsync(TestClients.Key("none"), 2), Is.Empty);
    }

    [Test]
    public async Task Hscan_walks_every_field_across_pages()
    {
        var key = TestClients.Key("h");
        var fields = Enumerable.Range(0, 300).Select(i => new HashEntry($"f{i}", i)).ToArray();
        await _client.HSetAsync(key, fields);
        var seen = new Dictionary<string, string?>();
        await foreach (var entry in _client.HScanAsync(key, pageSize: 25))
        {
            seen[(string)entry.Name!] = (string?)entry.Value;
        }

        Assert.That(seen, Has.Count.EqualTo(300));
        Assert.That(seen["f123"], Is.EqualTo("123"));
    }

    [Test]
    public async Task Hscan_with_a_pattern_returns_only_matching_fields()
    {
        var key = TestClients.Key("h");
        await _client.HSetAsync(key, [new("user:1", "a"), new("user:2", "b"), new("other", "c")]);
        var matched = new List<HashEntry>();
        await foreach (var entry in _client.HScanAsync(key, "user:*"))
        {
            matched.Add(entry);
        }

        Assert.That(matched.AsSortedText(), Is.EqualTo(new[] { ("user:1", "a"), ("user:2", "b") }));
    }

    [Test]
    public async Task Hscan_of_a_missing_key_yields_nothing()
    {
        await foreach (var entry in _client.HScanAsync(TestClients.Key("none")))
        {
            Assert.Fail($"unexpected {entry}");
        }
    }
}
