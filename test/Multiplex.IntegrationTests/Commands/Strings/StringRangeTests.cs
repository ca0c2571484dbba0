using Multiplex.IntegrationTests.Support;

namespace Multiplex.IntegrationTests.Commands.Strings;

/// <summary>Ranges, appends, lengths, float increments and LCS.</summary>
[TestFixtureSource(typeof(ProtocolKinds), nameof(ProtocolKinds.Both))]
public sealed class StringRangeTests(ServerKind kind) : ClientFixture(kind)
{
    [Test]
    public async Task SetRange_GetRange_Append_and_StrLen_edit_parts_of_a_string()
    {
        var key = TestClients.Key("s");
        Assert.That(await Client.AppendAsync(key, "Hello"), Is.EqualTo(5));
        Assert.That(await Client.AppendAsync(key, " World"), Is.EqualTo(11));
        Assert.That(await Client.SetRangeAsync(key, 6, "Redis"), Is.EqualTo(11));
        Assert.That((string?)await Client.GetAsync(key), Is.EqualTo("Hello Redis"));
        Assert.That((string?)await Client.GetRangeAsync(key, 0, 4), Is.EqualTo("Hello"));
        Assert.That((string?)await Client.GetRangeAsync(key, -5, -1), Is.EqualTo("Redis"));
        Assert.That((string?)await Client.GetRangeAsync(key, 20, 30), Is.EqualTo(string.Empty));
        Assert.That(await Client.StrLenAsync(key), Is.EqualTo(11));
        Assert.That(await Client.StrLenAsync(TestClients.Key("missing")), Is.Zero);

        var padded = TestClients.Key("padded");
        Assert.That(await Client.SetRangeAsync(padded, 3, "x"), Is.EqualTo(4));
        Assert.That((byte[]?)await Client.GetAsync(padded), Is.EqualTo(new byte[] { 0, 0, 0, (byte)'x' }));
    }

    [Test]
    public async Task IncrByFloat_returns_the_new_value()
    {
        var key = TestClients.Key("f");
        Assert.That(await Client.IncrByFloatAsync(key, 10.5), Is.EqualTo(10.5));
        Assert.That(await Client.IncrByFloatAsync(key, -0.25), Is.EqualTo(10.25));
        Assert.That(await Client.IncrByFloatAsync(key, 5e3), Is.EqualTo(5010.25));
        Assert.That((string?)await Client.GetAsync(key), Is.EqualTo("5010.25"));
    }

    [Test]
    public async Task Lcs_returns_the_subsequence_and_its_length()
    {
        var (a, b) = await TwoStringsAsync();
        Assert.That((string?)await Client.LcsAsync(a, b), Is.EqualTo("mytext"));
        Assert.That(await Client.LcsLengthAsync(a, b), Is.EqualTo(6));
        var missing = TestClients.Key("missing");
        Assert.That((string?)await Client.LcsAsync(a, missing), Is.EqualTo(string.Empty));
        Assert.That(await Client.LcsLengthAsync(a, missing), Is.Zero);
    }

    [Test]
    public async Task Lcs_idx_returns_typed_matches()
    {
        var (a, b) = await TwoStringsAsync();
        var result = await Client.LcsIdxAsync(a, b);
        Assert.That(result.Length, Is.EqualTo(6));
        Assert.That(result.Matches, Is.EqualTo(new[]
        {
            new LcsMatch(4, 7, 5, 8, null),
            new LcsMatch(2, 3, 0, 1, null),
        }));

        var filtered = await Client.LcsIdxAsync(a, b, minMatchLength: 4, withMatchLength: true);
        Assert.That(filtered.Length, Is.EqualTo(6));
        Assert.That(filtered.Matches, Is.EqualTo(new[] { new LcsMatch(4, 7, 5, 8, 4) }));

        var none = await Client.LcsIdxAsync(a, TestClients.Key("missing"));
        Assert.That(none.Matches, Is.Empty);
        Assert.That(none.Length, Is.Zero);
    }

    [Test]
    public void Bad_arguments_throw_before_anything_is_sent()
    {
        var key = TestClients.Key("bad");
        Assert.Multiple(() =>
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => Client.SetRangeAsync(key, -1, "x"));
            Assert.Throws<ArgumentException>(() => Client.SetRangeAsync(key, 0, RedisValue.Null));
            Assert.Throws<ArgumentException>(() => Client.AppendAsync(key, RedisValue.Null));
            Assert.Throws<ArgumentException>(() => Client.StrLenAsync(default(RedisKey)));
            Assert.Throws<ArgumentOutOfRangeException>(() => Client.IncrByFloatAsync(key, double.NaN));
            Assert.Throws<ArgumentOutOfRangeException>(() => Client.IncrByFloatAsync(key, double.PositiveInfinity));
            Assert.Throws<ArgumentException>(() => Client.LcsAsync(key, default));
            Assert.Throws<ArgumentOutOfRangeException>(() => Client.LcsIdxAsync(key, key, minMatchLength: -1));
        });
    }

    [Test]
    public async Task Append_to_a_list_is_a_wrongtype_error()
    {
        var key = TestClients.Key("list");
        await Client.ExecuteAsync("RPUSH", [key, "x"]);
        var error = Assert.ThrowsAsync<RedisServerException>(async () => await Client.AppendAsync(key, "y"));
        Assert.That(error!.Kind, Is.EqualTo(ServerErrorKind.WrongType));
        Assert.That(error.Command, Is.EqualTo("APPEND"));
    }

    // The example of the LCS documentation: the common subsequence is "mytext".
    private async Task<(string A, string B)> TwoStringsAsync()
    {
        var (a, b) = (TestClients.Key("{lcs}a"), TestClients.Key("{lcs}b"));
        await Client.MSetAsync([new(a, "ohmytext"), new(b, "mynewtext")]);
        return (a, b);
    }
}
