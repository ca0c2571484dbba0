using Multiplex.IntegrationTests.Support;
using Multiplex.Testing;

namespace Multiplex.IntegrationTests.Client;

/// <summary>A handshake step the server refuses fails the connect with the server's own error.</summary>
[TestFixtureSource(typeof(ProtocolKinds), nameof(ProtocolKinds.Both))]
public sealed class HandshakeErrorTests(ServerKind kind) : ServerTestBase
{
    // Redis has 16 databases unless configured otherwise; the fixture servers keep that default.
    private const int DatabaseOutOfRange = 99;

    [Test]
    public void A_database_the_server_refuses_is_a_server_error_naming_SELECT_and_the_endpoint()
    {
        var error = Assert.ThrowsAsync<RedisServerException>(async () =>
            await TestClients.ConnectAsync(kind, options => options with { Database = DatabaseOutOfRange }));

        Assert.That(error!.Command, Is.EqualTo("SELECT"));
        Assert.That(error.Prefix, Is.EqualTo("ERR"));
        Assert.That(error.ServerMessage, Does.Contain("DB index is out of range"));
        Assert.That(error.Endpoint, Does.StartWith("127.0.0.1:"));
        Assert.That(error.Message, Does.Contain(error.Endpoint!));
    }
}
