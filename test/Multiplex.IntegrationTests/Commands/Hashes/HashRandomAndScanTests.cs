using Multiplex.IntegrationTests.Support;

namespace Multiplex.IntegrationTests.Commands.Hashes;

[TestFixtureSource(typeof(ProtocolKinds), nameof(ProtocolKinds.Both))]
public sealed class HashRandomAndScanTests(ServerKind kind) : ClientFixture(kind)
{
    private static readonly HashEntry[] Fields = [new("a", "1"), new("b", "2"), new("c", "3")];

    [Test]
    public async Task Hrandfield_returns_fields_of_the_hash()
    {
        var key = TestClients.Key("h");
        await Client.HSetAsync(key, Fields);
        Assert.That((string?)await Client.HRandFieldAsync(key), Is.AnyOf("a", "b", "c"));
        Assert.That((await Client.HRandFieldAsync(key, 10)).AsSortedText(), Is.EqualTo(new[] { "a", "b", "c" }));
        var repeated = await Client.HRandFieldAsync(key, -7);
        Assert.That(repeated, Has.Length.EqualTo(7));
        Assert.That(repeated.AsText(), Is.All.AnyOf("a", "b", "c"));
        Assert.That((await Client.HRandFieldAsync(TestClients.Key("none"))).IsNull, Is.True);
        Assert.That(await Client.HRandFieldAsync(TestClients.Key("none"), 3), Is.Empty);
    }

    [Test]
    public async Task Hrandfield_with_values_pairs_each_field_with_its_value()
    {
        var key = TestClients.Key("h");
        await Client.HSetAsync(key, Fields);
        Assert.That((await Client.HRandFieldWithValuesAsync(key, 3)).AsSortedText(), Is.EqualTo(new[] { ("a", "1"), ("b", "2"), ("c", "3") }));
        var repeated = await Client.HRandFieldWithValuesAsync(key, -5);
        Assert.That(repeated, Has.Length.EqualTo(5));
        Assert.That(repeated, Is.All.AnyOf(Fields.Cast<object>().ToArray()));
        Assert.That(await Client.HRandFieldWithValuesAsync(TestClients.Key("none"), 2), Is.Empty);
    }

    [Test]
    public async Task Hscan_walks_every_field_across_pages()
    {
        var key = TestClients.Key("h");
        var fields = Enumerable.Range(0, 300).Select(i => new HashEntry($"f{i}", i)).ToArray();
        await Client.HSetAsync(key, fields);
        var seen = new Dictionary<string, string?>();
        await foreach (var entry in Client.HScanAsync(key, pageSize: 25))
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
        await Client.HSetAsync(key, [new("user:1", "a"), new("user:2", "b"), new("other", "c")]);
        var matched = new List<HashEntry>();
        await foreach (var entry in Client.HScanAsync(key, "user:*"))
        {
            matched.Add(entry);
        }

        Assert.That(matched.AsSortedText(), Is.EqualTo(new[] { ("user:1", "a"), ("user:2", "b") }));
    }

    [Test]
    public async Task Hscan_of_a_missing_key_yields_nothing()
    {
        await foreach (var entry in Client.HScanAsync(TestClients.Key("none")))
        {
            Assert.Fail($"unexpected {entry}");
        }
    }
}
