using Multiplex.IntegrationTests.Support;

namespace Multiplex.IntegrationTests.Commands;

/// <summary>Error prefixes a real server sends for stream groups and restored keys get their own kinds.</summary>
[TestFixtureSource(typeof(ProtocolKinds), nameof(ProtocolKinds.Both))]
public sealed class ServerErrorKindTests(ServerKind kind) : ClientFixture(kind)
{
    [Test]
    public async Task Creating_a_consumer_group_that_exists_is_BUSYGROUP()
    {
        var key = TestClients.Key("stream");
        await Client.XGroupCreateAsync(key, "billing", "0", makeStream: true);

        var error = Assert.ThrowsAsync<RedisServerException>(async () => await Client.XGroupCreateAsync(key, "billing", "0"));

        Assert.That(error!.Kind, Is.EqualTo(ServerErrorKind.BusyGroup));
        Assert.That(error.Command, Is.EqualTo("XGROUP CREATE"));
    }

    [Test]
    public async Task Reading_through_a_group_that_does_not_exist_is_NOGROUP()
    {
        var key = TestClients.Key("stream");
        await Client.XAddAsync(key, [new("n", 1)]);

        var error = Assert.ThrowsAsync<RedisServerException>(async () => await Client.XReadGroupAsync(key, "missing", "consumer"));

        Assert.That(error!.Kind, Is.EqualTo(ServerErrorKind.NoGroup));
    }

    [Test]
    public async Task Restoring_over_an_existing_key_is_BUSYKEY()
    {
        var key = TestClients.Key("restored");
        await Client.SetAsync(key, "v");
        var dump = await Client.DumpAsync(key);

        var error = Assert.ThrowsAsync<RedisServerException>(async () => await Client.RestoreAsync(key, dump!));

        Assert.That(error!.Kind, Is.EqualTo(ServerErrorKind.BusyKey));
    }
}
