using Multiplex.IntegrationTests.Support;

namespace Multiplex.IntegrationTests.Commands.Keys;

/// <summary>COPY and MOVE, within database 0 and into database 1 of the shared server.</summary>
[TestFixtureSource(typeof(ProtocolKinds), nameof(ProtocolKinds.Both))]
public sealed class KeyDatabaseTests(ServerKind kind)
{
    private const int OtherDatabase = 1;

    private RedisClient _client = null!;
    private RedisClient _other = null!;

    [OneTimeSetUp]
    public async Task ConnectAsync()
    {
        _client = await TestClients.ConnectAsync(kind);
        _other = await TestClients.ConnectAsync(kind, options => options with { Database = OtherDatabase });
    }

    [OneTimeTearDown]
    public async Task DisposeAsync()
    {
        await _client.DisposeAsync();
        await _other.DisposeAsync();
    }

    [Test]
    public async Task Copy_copies_within_the_database_and_replaces_only_when_asked()
    {
        var (source, destination) = (TestClients.Key("{c}src"), TestClients.Key("{c}dst"));
        Assert.That(await _client.CopyAsync(source, destination), Is.False, "the source does not exist");
        await _client.SetAsync(source, "one");
        Assert.That(await _client.CopyAsync(source, destination), Is.True);
        Assert.That((string?)await _client.GetAsync(destination), Is.EqualTo("one"));

        await _client.SetAsync(source, "two");
        Assert.That(await _client.CopyAsync(source, destination), Is.False);
        Assert.That((string?)await _client.GetAsync(destination), Is.EqualTo("one"));
        Assert.That(await _client.CopyAsync(source, destination, replace: true), Is.True);
        Assert.That((string?)await _client.GetAsync(destination), Is.EqualTo("two"));
    }

    [Test]
    public async Task Copy_into_another_database()
    {
        var key = TestClients.Key("copy");
        try
        {
            await _client.SetAsync(key, "v");
            Assert.That(await _client.CopyAsync(key, key, OtherDatabase), Is.True);
            Assert.That((string?)await _other.GetAsync(key), Is.EqualTo("v"));
            Assert.That(await _client.ExistsAsync(key), Is.True, "the source stays");
            Assert.That(await _client.CopyAsync(key, key, OtherDatabase), Is.False);
            await _client.SetAsync(key, "w");
            Assert.That(await _client.CopyAsync(key, key, OtherDatabase, replace: true), Is.True);
            Assert.That((string?)await _other.GetAsync(key), Is.EqualTo("w"));
        }
        finally
        {
            await _other.DelAsync(key);
        }
    }

    [Test]
    public async Task Move_moves_a_key_to_another_database()
    {
        var key = TestClients.Key("move");
        try
        {
            Assert.That(await _client.MoveAsync(key, OtherDatabase), Is.False, "the key does not exist");
            await _client.SetAsync(key, "v");
            Assert.That(await _client.MoveAsync(key, OtherDatabase), Is.True);
            Assert.That(await _client.ExistsAsync(key), Is.False);
            Assert.That((string?)await _other.GetAsync(key), Is.EqualTo("v"));

            await _client.SetAsync(key, "again");
            Assert.That(await _client.MoveAsync(key, OtherDatabase), Is.False, "the key exists there");
            Assert.That((string?)await _client.GetAsync(key), Is.EqualTo("again"));
        }
        finally
        {
            await _other.DelAsync(key);
        }
    }

    [Test]
    public void Bad_arguments_throw_before_anything_is_sent()
    {
        var key = TestClients.Key("bad");
        Assert.Multiple(() =>
        {
            Assert.Throws<ArgumentException>(() => _client.CopyAsync(key, default));
            Assert.Throws<ArgumentOutOfRangeException>(() => _client.CopyAsync(key, key, database: -1));
            Assert.Throws<ArgumentOutOfRangeException>(() => _client.MoveAsync(key, -1));
            Assert.Throws<ArgumentException>(() => _client.MoveAsync(default, 1));
        });
    }
}
