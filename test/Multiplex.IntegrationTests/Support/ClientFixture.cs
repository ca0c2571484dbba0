namespace Multiplex.IntegrationTests.Support;

/// <summary>A fixture with one client, connected once to the server kind the fixture runs against.</summary>
public abstract class ClientFixture(ServerKind kind)
{
    /// <summary>The server and protocol this fixture runs against.</summary>
    protected ServerKind Kind => kind;

    /// <summary>The fixture's client.</summary>
    protected RedisClient Client { get; private set; } = null!;

    [OneTimeSetUp]
    public async Task ConnectAsync() => Client = await TestClients.ConnectAsync(kind);

    [OneTimeTearDown]
    public async Task DisposeAsync() => await Client.DisposeAsync();
}
