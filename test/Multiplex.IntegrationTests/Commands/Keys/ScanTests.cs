using Multiplex.IntegrationTests.Support;

namespace Multiplex.IntegrationTests.Commands.Keys;

/// <summary>SCAN as an async stream of keys.</summary>
[TestFixtureSource(typeof(ProtocolKinds), nameof(ProtocolKinds.Both))]
public sealed class ScanTests(ServerKind kind) : ClientFixture(kind)
{
    private const int KeyCount = 120;

    [Test]
    public async Task Scan_with_match_walks_every_page_and_finds_every_key()
    {
        var prefix = TestClients.Key("scan");
        var keys = Enumerable.Range(0, KeyCount).Select(i => (RedisKey)$"{prefix}:{i}").ToArray();
        await Client.MSetAsync(keys.Select(k => new KeyValuePair<RedisKey, RedisValue>(k, "v")).ToArray());

        var found = new HashSet<RedisKey>();
        await foreach (var key in Client.ScanAsync(prefix + ":*", pageSize: 50))
        {
            found.Add(key);
        }

        Assert.That(found, Is.EquivalentTo(keys));
    }

    [Test]
    public async Task Scan_with_type_returns_only_that_type()
    {
        var prefix = TestClients.Key("typed");
        var (text, list) = ((RedisKey)(prefix + ":string"), (RedisKey)(prefix + ":list"));
        await Client.SetAsync(text, "v");
        await Client.ExecuteAsync("RPUSH", [(string?)list, "x"]);

        var lists = new List<RedisKey>();
        await foreach (var key in Client.ScanAsync(prefix + ":*", type: RedisType.List))
        {
            lists.Add(key);
        }

        Assert.That(lists, Is.EqualTo(new[] { list }));
    }

    [Test]
    public async Task Scan_takes_a_binary_pattern_like_the_other_scans()
    {
        // 0xFF never occurs in UTF-8, so only a pattern given as bytes can match these keys.
        byte[] prefix = [.. System.Text.Encoding.UTF8.GetBytes(TestClients.Key("binary")), 0xFF, 0xFE];
        RedisKey first = (byte[])[.. prefix, (byte)'a'];
        RedisKey second = (byte[])[.. prefix, (byte)'b'];
        RedisKey other = (byte[])[.. prefix[..^1], 0xFD, (byte)'c'];
        await Client.MSetAsync([new(first, "v"), new(second, "v"), new(other, "v")]);

        RedisValue pattern = (byte[])[.. prefix, (byte)'*'];
        var found = new List<RedisKey>();
        await foreach (var key in Client.ScanAsync(pattern, pageSize: 1000))
        {
            found.Add(key);
        }

        Assert.That(found, Is.EquivalentTo(new[] { first, second }));
    }

    [Test]
    public async Task Scan_stops_when_cancelled()
    {
        var prefix = TestClients.Key("cancel");
        await Client.MSetAsync(Enumerable.Range(0, 30).Select(i => new KeyValuePair<RedisKey, RedisValue>($"{prefix}:{i}", "v")).ToArray());
        using var cancellation = new CancellationTokenSource();
        var seen = 0;
        Assert.That(
            async () =>
            {
                await foreach (var key in Client.ScanAsync(prefix + ":*", pageSize: 5).WithCancellation(cancellation.Token))
                {
                    seen++;
                    await cancellation.CancelAsync();
                }
            },
            Throws.InstanceOf<OperationCanceledException>());
        Assert.That(seen, Is.GreaterThanOrEqualTo(1));
    }

    [Test]
    public void Bad_arguments_throw_before_anything_is_sent()
    {
        Assert.Multiple(() =>
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => Client.ScanAsync(pageSize: 0));
            Assert.Throws<ArgumentOutOfRangeException>(() => Client.ScanAsync(type: RedisType.None));
            Assert.Throws<ArgumentOutOfRangeException>(() => Client.ScanAsync(type: RedisType.Unknown));
        });
    }
}
