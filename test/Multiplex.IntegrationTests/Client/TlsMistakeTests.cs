using System.Globalization;
using Multiplex.IntegrationTests.Support;
using Multiplex.Testing;

namespace Multiplex.IntegrationTests.Client;

/// <summary>
/// TLS set up the wrong way round, or with the wrong name: the connect error says what is likely wrong,
/// names the endpoint and never shows the password.
/// </summary>
[TestFixtureSource(typeof(ProtocolKinds), nameof(ProtocolKinds.Both))]
public sealed class TlsMistakeTests(ServerKind kind) : ServerTestBase
{
    // Short enough that a silent server costs the test little, long enough for a TLS handshake on a busy machine.
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(2);

    private RedisServer _server = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => _server = await SharedServers.SecureAsync();

    [Test]
    public void Tls_to_a_port_without_tls_asks_whether_tls_is_enabled_on_the_server()
    {
        var options = Options(_server.Port) with { Tls = TrustingTheFixtureCa() };

        var error = Assert.ThrowsAsync<RedisConnectionException>(async () => await RedisClient.ConnectAsync(options, TestClients.Logs));
        TestContext.Out.WriteLine(error!.Message);

        Assert.That(error!.Message, Does.Contain("TLS handshake"));
        Assert.That(error.Message, Does.Contain("is TLS enabled on it?"));
        Assert.That(error.Endpoint, Is.EqualTo(_server.Endpoint));
        Assert.That(error.ToString(), Does.Not.Contain(TestSecrets.Password));
    }

    [Test]
    public void Plain_tcp_to_a_tls_port_says_the_server_may_require_tls()
    {
        var port = _server.TlsPort!.Value;
        var options = Options(port);

        var error = Assert.ThrowsAsync<RedisConnectionException>(async () => await RedisClient.ConnectAsync(options, TestClients.Logs));
        TestContext.Out.WriteLine(error!.Message);

        Assert.That(error!.Message, Does.Contain("it may require TLS (rediss:// or ssl=true)"));
        Assert.That(error.Endpoint, Does.EndWith(":" + port.ToString(CultureInfo.InvariantCulture)));
        Assert.That(error.ToString(), Does.Not.Contain(TestSecrets.Password));
    }

    [Test]
    public void A_server_name_the_certificate_does_not_carry_is_named_with_the_names_it_does_carry()
    {
        var options = Options(_server.TlsPort!.Value) with { Tls = TrustingTheFixtureCa() with { ServerName = "cache.wrong.example" } };

        var error = Assert.ThrowsAsync<RedisConnectionException>(async () => await RedisClient.ConnectAsync(options, TestClients.Logs));
        TestContext.Out.WriteLine(error!.Message);

        Assert.That(error!.Message, Does.Contain("does not match the name 'cache.wrong.example'"));
        Assert.That(error.Message, Does.Contain("localhost").And.Contain("127.0.0.1"));
        Assert.That(error.ToString(), Does.Not.Contain(TestSecrets.Password));
    }

    [Test]
    public void A_server_name_mismatch_under_system_trust_names_the_mismatch_and_the_untrusted_chain()
    {
        // No custom authorities: the fixture CA is not in the system store, so the chain is refused too.
        var options = Options(_server.TlsPort!.Value) with
        {
            Tls = new TlsOptions { Enabled = true, ServerName = "cache.wrong.example", ClientCertificate = _server.Certificates!.LoadClientCertificate() },
        };

        var error = Assert.ThrowsAsync<RedisConnectionException>(async () => await RedisClient.ConnectAsync(options, TestClients.Logs));
        TestContext.Out.WriteLine(error!.Message);

        Assert.That(error!.Message, Does.Contain("does not match the name 'cache.wrong.example'"));
        Assert.That(error.Message, Does.Contain("not trusted"));
    }

    [Test]
    public void Tls_without_the_client_certificate_the_server_requires_says_it_may_require_one()
    {
        var options = Options(_server.TlsPort!.Value) with { Tls = TrustingTheFixtureCa() with { ClientCertificate = null } };

        var error = Assert.ThrowsAsync<RedisConnectionException>(async () => await RedisClient.ConnectAsync(options, TestClients.Logs));
        TestContext.Out.WriteLine(error!.Message);

        Assert.That(error.Message, Does.Contain("it may require a client certificate"));
        Assert.That(error.Endpoint, Does.EndWith(":" + _server.TlsPort!.Value.ToString(CultureInfo.InvariantCulture)));
    }

    private RedisClientOptions Options(int port) => TestClients.OptionsFor(port) with
    {
        User = SharedServers.SecureUserName,
        Password = TestSecrets.Password,
        Protocol = kind == ServerKind.RedisResp2 ? RedisProtocol.Resp2 : RedisProtocol.Resp3,
        ConnectTimeout = ConnectTimeout,
    };

    private TlsOptions TrustingTheFixtureCa() => new()
    {
        Enabled = true,
        ServerName = "localhost",
        TrustedCertificateAuthorities = [_server.Certificates!.LoadCaCertificate()],
        ClientCertificate = _server.Certificates!.LoadClientCertificate(),
    };
}
