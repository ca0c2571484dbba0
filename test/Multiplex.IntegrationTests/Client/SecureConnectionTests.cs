using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Multiplex.IntegrationTests.Support;
using Multiplex.Testing;

namespace Multiplex.IntegrationTests.Client;

/// <summary>TLS, mutual TLS, ACL users, passwords and unix sockets against the secure fixture server.</summary>
public sealed class SecureConnectionTests : ServerTestBase
{
    private RedisServer _server = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => _server = await SharedServers.SecureAsync();

    [Test]
    public async Task Tls_with_the_fixture_ca_and_a_client_certificate_connects()
    {
        await using var client = await RedisClient.ConnectAsync(TlsOptions(clientCertificate: true), TestClients.Logs);
        var key = TestClients.Key("tls");
        await client.SetAsync(key, "secret-free value");
        Assert.That((string?)await client.GetAsync(key), Is.EqualTo("secret-free value"));
    }

    [Test]
    public async Task Tls_with_a_ca_path_from_a_rediss_connection_string_connects()
    {
        var certificates = _server.Certificates!;
        var options = RedisClientOptions.Parse($"rediss://{SharedServers.SecureUserName}:{TestSecrets.Password}@127.0.0.1:{_server.TlsPort}") with
        {
            Tls = TestClients.TlsFromFiles(certificates),
        };
        await using var client = await RedisClient.ConnectAsync(options, TestClients.Logs);
        Assert.That(await client.PingAsync(), Is.GreaterThan(TimeSpan.Zero));
    }

    [Test]
    public void A_server_certificate_from_another_ca_is_refused()
    {
        using var otherCa = CreateSelfSignedCa();
        var options = TlsOptions(clientCertificate: true) with
        {
            Tls = TlsOptions(clientCertificate: true).Tls with { TrustedCertificateAuthorities = [otherCa], CaCertificatePath = null },
        };
        var error = Assert.ThrowsAsync<RedisConnectionException>(async () => await RedisClient.ConnectAsync(options, TestClients.Logs));
        Assert.That(error!.Message, Does.Contain(_server.TlsPort!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Test]
    public void Mutual_tls_without_a_client_certificate_is_refused()
    {
        Assert.ThrowsAsync<RedisConnectionException>(async () => await RedisClient.ConnectAsync(TlsOptions(clientCertificate: false), TestClients.Logs));
    }

    [Test]
    public async Task An_acl_user_with_its_password_works_over_plain_tcp()
    {
        var options = TestClients.OptionsFor(_server.Port) with { User = SharedServers.SecureUserName, Password = TestSecrets.Password };
        await using var client = await RedisClient.ConnectAsync(options, TestClients.Logs);
        var whoami = await client.ExecuteAsync("ACL", ["WHOAMI"]);
        Assert.That(whoami.ToString(), Is.EqualTo(SharedServers.SecureUserName));
    }

    [Test]
    public void A_wrong_password_gives_an_authentication_error_that_never_shows_a_password()
    {
        var wrong = TestSecrets.Password + "-wrong";
        var options = TestClients.OptionsFor(_server.Port) with { User = SharedServers.SecureUserName, Password = wrong };
        var error = Assert.ThrowsAsync<RedisAuthenticationException>(async () => await RedisClient.ConnectAsync(options, TestClients.Logs));
        Assert.That(error!.Message, Does.Contain(SharedServers.SecureUserName));
        Assert.That(error.Message, Does.Contain(_server.Endpoint));
        Assert.That(error.ToString(), Does.Not.Contain(TestSecrets.Password));
        Assert.That(error.ToString(), Does.Not.Contain(wrong));
        Assert.That(options.ToString(), Does.Not.Contain(TestSecrets.Password));
    }

    [Test]
    public async Task A_unix_socket_connection_works()
    {
        var options = RedisClientOptions.Parse($"unix://{_server.UnixSocketPath}") with { User = SharedServers.SecureUserName, Password = TestSecrets.Password };
        await using var client = await RedisClient.ConnectAsync(options, TestClients.Logs);
        var key = TestClients.Key("unix");
        Assert.That(await client.IncrAsync(key), Is.EqualTo(1));
    }

    private RedisClientOptions TlsOptions(bool clientCertificate)
    {
        var certificates = _server.Certificates!;
        return TestClients.OptionsFor(_server.TlsPort!.Value) with
        {
            User = SharedServers.SecureUserName,
            Password = TestSecrets.Password,
            Tls = new TlsOptions
            {
                Enabled = true,
                ServerName = "localhost",
                TrustedCertificateAuthorities = [certificates.LoadCaCertificate()],
                ClientCertificate = clientCertificate ? certificates.LoadClientCertificate() : null,
            },
        };
    }

    private static X509Certificate2 CreateSelfSignedCa()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=Some Other CA", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
    }
}
