using Multiplex.IntegrationTests.Support;

namespace Multiplex.IntegrationTests.Commands.Keys;

/// <summary>DEL, UNLINK, EXISTS, TOUCH, TYPE, RENAME, RENAMENX, RANDOMKEY and KEYS.</summary>
[TestFixtureSource(typeof(ProtocolKinds), nameof(ProtocolKinds.Both))]
public sealed class KeyTests(ServerKind kind) : ClientFixture(kind)
{
    [Test]
    public async Task Unlink_removes_keys_and_counts_those_that_existed()
    {
        var (a, b, c) = (TestClients.Key("a"), TestClients.Key("b"), TestClients.Key("c"));
        await Client.MSetAsync([new(a, "1"), new(b, "2"), new(c, "3")]);
        Assert.That(await Client.UnlinkAsync(a), Is.True);
        Assert.That(await Client.UnlinkAsync(a), Is.False);
        Assert.That(await Client.UnlinkAsync([a, b, c, TestClients.Key("none")]), Is.EqualTo(2));
        Assert.That(await Client.ExistsAsync([a, b, c]), Is.Zero);
    }

    [Test]
    public async Task Touch_counts_the_keys_that_exist()
    {
        var (a, b) = (TestClients.Key("a"), TestClients.Key("b"));
        await Client.SetAsync(a, "1");
        Assert.That(await Client.TouchAsync(a), Is.True);
        Assert.That(await Client.TouchAsync(b), Is.False);
        Assert.That(await Client.TouchAsync([a, b, a]), Is.EqualTo(2));
    }

    [Test]
    public async Task Type_names_every_value_type()
    {
        var cases = new (string Create, RedisType Expected)[]
        {
            ("SET", RedisType.String), ("RPUSH", RedisType.List), ("SADD", RedisType.Set),
            ("HSET", RedisType.Hash), ("ZADD", RedisType.SortedSet), ("XADD", RedisType.Stream),
        };
        foreach (var (create, expected) in cases)
        {
            var key = TestClients.Key(create);
            RedisValue[] args = create switch
            {
                "HSET" => [key, "f", "v"],
                "ZADD" => [key, 1, "m"],
                "XADD" => [key, "*", "f", "v"],
                _ => [key, "v"],
            };
            await Client.ExecuteAsync(create, args);
            Assert.That(await Client.TypeAsync(key), Is.EqualTo(expected), create);
        }

        Assert.That(await Client.TypeAsync(TestClients.Key("none")), Is.EqualTo(RedisType.None));
    }

    [Test]
    public async Task Rename_and_RenameNx_move_the_value()
    {
        var (a, b, c) = (TestClients.Key("{r}a"), TestClients.Key("{r}b"), TestClients.Key("{r}c"));
        await Client.SetAsync(a, "va");
        await Client.RenameAsync(a, b);
        Assert.That(await Client.ExistsAsync(a), Is.False);
        Assert.That((string?)await Client.GetAsync(b), Is.EqualTo("va"));

        await Client.SetAsync(c, "vc");
        Assert.That(await Client.RenameNxAsync(b, c), Is.False);
        Assert.That((string?)await Client.GetAsync(c), Is.EqualTo("vc"));
        Assert.That(await Client.RenameNxAsync(b, a), Is.True);
        Assert.That((string?)await Client.GetAsync(a), Is.EqualTo("va"));

        var error = Assert.ThrowsAsync<RedisServerException>(async () => await Client.RenameAsync(TestClients.Key("none"), b));
        Assert.That(error!.Command, Is.EqualTo("RENAME"));
        Assert.That(error.ServerMessage, Does.Contain("no such key"));
    }

    [Test]
    public async Task RandomKey_and_Keys_return_existing_keys()
    {
        var prefix = TestClients.Key("keys");
        RedisKey[] keys = [prefix + ":1", prefix + ":2", prefix + ":3"];
        await Client.MSetAsync(keys.Select(k => new KeyValuePair<RedisKey, RedisValue>(k, "v")).ToArray());

        var random = await Client.RandomKeyAsync();
        Assert.That(random.IsNull, Is.False);
        Assert.That(random.ToString(), Is.Not.Empty, "the database holds at least the keys above; another test may delete the one picked, so only its name is checked");

        var found = await Client.KeysAsync(prefix + ":*");
        Assert.That(found, Is.EquivalentTo(keys));
        Assert.That(await Client.KeysAsync(TestClients.Key("nothing") + "*"), Is.Empty);
    }

    [Test]
    public void Bad_arguments_throw_before_anything_is_sent()
    {
        var key = TestClients.Key("bad");
        Assert.Multiple(() =>
        {
            Assert.Throws<ArgumentException>(() => Client.UnlinkAsync([]));
            Assert.ThrowsAsync<ArgumentException>(async () => await Client.UnlinkAsync(default(RedisKey)));
            Assert.Throws<ArgumentException>(() => Client.TouchAsync([]));
            Assert.Throws<ArgumentException>(() => Client.TypeAsync(default));
            Assert.Throws<ArgumentException>(() => Client.RenameAsync(key, default));
            Assert.Throws<ArgumentException>(() => Client.RenameNxAsync(default, key));
            Assert.Throws<ArgumentNullException>(() => Client.KeysAsync(null!));
        });
    }

    [Test]
    public async Task Rename_of_a_key_to_itself_keeps_it()
    {
        var key = TestClients.Key("self");
        await Client.SetAsync(key, "v");
        await Client.RenameAsync(key, key);
        Assert.That((string?)await Client.GetAsync(key), Is.EqualTo("v"));
    }
}
