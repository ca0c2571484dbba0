using Multiplex.IntegrationTests.Support;
using Multiplex.Testing;

namespace Multiplex.IntegrationTests.Client;

/// <summary>
/// Revocation of the server's certificate, checked for real on loopback: a fixture CA with an
/// <c>openssl ocsp</c> responder and a CRL file, and servers with a good, a revoked and an unanswered
/// certificate. Online asks the responder; offline reads the CRL file, or what online checks cached; off
/// checks nothing. A certificate whose status nobody can tell is refused.
/// </summary>
public sealed class CertificateRevocationTests : ServerTestBase
{
    private RevocationAuthority _authority = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => _authority = await RevocationAuthority.StartAsync();

    [OneTimeTearDown]
    public async Task StopAsync() => await _authority.DisposeAsync();

    [Test]
    public async Task Online_a_certificate_the_responder_calls_good_is_accepted()
    {
        await using var client = await RedisClient.ConnectAsync(Options(_authority.GoodServer, TlsRevocationMode.Online), TestClients.Logs);

        Assert.That(await client.PingAsync(), Is.GreaterThanOrEqualTo(TimeSpan.Zero), "a command round trip");
    }

    [Test]
    public void Online_a_certificate_the_responder_calls_revoked_is_refused_saying_it_is_revoked()
    {
        var options = Options(_authority.RevokedServer, TlsRevocationMode.Online);

        var error = Assert.ThrowsAsync<RedisConnectionException>(async () => await RedisClient.ConnectAsync(options, TestClients.Logs));
        TestContext.Out.WriteLine(error!.Message);

        Assert.Multiple(() =>
        {
            Assert.That(error.Message, Does.Contain($"the server's certificate '{RevocationAuthority.RevokedSubject}' is revoked"));
            Assert.That(error.Message, Does.Contain("OCSP responder or CRL"));
            Assert.That(error.Endpoint, Is.EqualTo(TlsEndpoint(_authority.RevokedServer)));
        });
    }

    [Test]
    public void Online_with_the_responder_unreachable_the_connect_is_refused_saying_the_status_is_unknown()
    {
        var options = Options(_authority.UnreachableResponderServer, TlsRevocationMode.Online);

        var error = Assert.ThrowsAsync<RedisConnectionException>(async () => await RedisClient.ConnectAsync(options, TestClients.Logs));
        TestContext.Out.WriteLine(error!.Message);

        Assert.Multiple(() =>
        {
            Assert.That(error.Message, Does.Contain($"the revocation status of the server's certificate '{RevocationAuthority.UnreachableSubject}' is unknown"));
            Assert.That(error.Message, Does.Contain("neither its issuer's OCSP responder nor its CRL distribution point answered"));
            Assert.That(error.Message, Does.Not.Contain("is revoked"));
        });
    }

    [Test]
    public async Task Off_a_revoked_certificate_is_accepted()
    {
        await using var client = await RedisClient.ConnectAsync(Options(_authority.RevokedServer, TlsRevocationMode.Off), TestClients.Logs);

        Assert.That(await client.PingAsync(), Is.GreaterThanOrEqualTo(TimeSpan.Zero), "a command round trip");
    }

    [Test]
    public async Task Offline_with_the_crl_file_the_revoked_certificate_is_refused_and_the_good_ones_accepted()
    {
        TlsOptions WithCrl(RedisServer server) => Options(server, TlsRevocationMode.Offline).Tls with { CertificateRevocationListPath = _authority.RevocationListPath };
        var revoked = Options(_authority.RevokedServer, TlsRevocationMode.Offline) with { Tls = WithCrl(_authority.RevokedServer) };

        var error = Assert.ThrowsAsync<RedisConnectionException>(async () => await RedisClient.ConnectAsync(revoked, TestClients.Logs));
        TestContext.Out.WriteLine(error!.Message);
        await using var good = await RedisClient.ConnectAsync(Options(_authority.GoodServer, TlsRevocationMode.Offline) with { Tls = WithCrl(_authority.GoodServer) }, TestClients.Logs);

        // The CRL calls the certificate good whose responder nobody answers: offline needs no responder.
        await using var unanswered = await RedisClient.ConnectAsync(
            Options(_authority.UnreachableResponderServer, TlsRevocationMode.Offline) with { Tls = WithCrl(_authority.UnreachableResponderServer) }, TestClients.Logs);

        Assert.Multiple(async () =>
        {
            Assert.That(error.Message, Does.Contain($"the certificate '{RevocationAuthority.RevokedSubject}'").And.Contain("is revoked"));
            Assert.That(error.Message, Does.Contain(_authority.RevocationListPath));
            Assert.That(await good.PingAsync(), Is.GreaterThanOrEqualTo(TimeSpan.Zero), "a command round trip");
            Assert.That(await unanswered.PingAsync(), Is.GreaterThanOrEqualTo(TimeSpan.Zero), "a command round trip");
        });
    }

    [Test]
    public async Task Offline_without_a_crl_file_uses_what_an_online_check_cached_and_refuses_what_none_did()
    {
        // The online connect leaves the responder's answer in .NET's cache; the offline ones read only the cache.
        await using (await RedisClient.ConnectAsync(Options(_authority.GoodServer, TlsRevocationMode.Online), TestClients.Logs))
        {
        }

        await using var cached = await RedisClient.ConnectAsync(Options(_authority.GoodServer, TlsRevocationMode.Offline), TestClients.Logs);
        var options = Options(_authority.UnreachableResponderServer, TlsRevocationMode.Offline);
        var error = Assert.ThrowsAsync<RedisConnectionException>(async () => await RedisClient.ConnectAsync(options, TestClients.Logs));
        TestContext.Out.WriteLine(error!.Message);

        Assert.Multiple(async () =>
        {
            Assert.That(await cached.PingAsync(), Is.GreaterThanOrEqualTo(TimeSpan.Zero), "a command round trip");
            Assert.That(error.Message, Does.Contain("is unknown").And.Contain("no cached CRL or OCSP response"));
        });
    }

    [TestCase(TlsRevocationMode.Online)]
    [TestCase(TlsRevocationMode.Offline)]
    public async Task An_OCSP_response_the_server_staples_is_used_when_the_responder_is_unreachable(TlsRevocationMode mode)
    {
        // openssl s_server stands in for the server: redis-server 7.0 does not staple. The handshake is what is tested.
        var port = await _authority.StartStaplingServerAsync();
        var tls = Options(_authority.GoodServer, mode).Tls;
        var authentication = TlsClientAuthentication.Create(tls, RedisEndpoint.Tcp("127.0.0.1", port));
        var refusal = new System.Runtime.CompilerServices.StrongBox<string?>();
        TlsClientAuthentication.ExplainRefusals(authentication, tls, refusal);
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync("127.0.0.1", port);
        await using var ssl = new System.Net.Security.SslStream(tcp.GetStream());

        await ssl.AuthenticateAsClientAsync(authentication);

        Assert.Multiple(() =>
        {
            Assert.That(ssl.IsAuthenticated, Is.True, refusal.Value);
            Assert.That(ssl.RemoteCertificate!.Subject, Is.EqualTo(RevocationAuthority.StapledSubject));
        });
    }

    [Test]
    public async Task The_mode_and_the_crl_file_are_read_from_a_connection_string()
    {
        var revokedOnline = RedisClientOptions.Parse(Url(_authority.RevokedServer) + "&certificateRevocation=online");
        var goodOffline = RedisClientOptions.Parse(Url(_authority.GoodServer)
            + $"&certificateRevocation=offline&certificateRevocationListPath={Uri.EscapeDataString(_authority.RevocationListPath)}");
        var revokedLegacyKey = RedisClientOptions.Parse(Url(_authority.RevokedServer) + "&checkCertificateRevocation=true");

        var error = Assert.ThrowsAsync<RedisConnectionException>(async () => await RedisClient.ConnectAsync(revokedOnline, TestClients.Logs));
        var legacyError = Assert.ThrowsAsync<RedisConnectionException>(async () => await RedisClient.ConnectAsync(revokedLegacyKey, TestClients.Logs));
        await using var client = await RedisClient.ConnectAsync(goodOffline, TestClients.Logs);

        Assert.Multiple(async () =>
        {
            Assert.That(error!.Message, Does.Contain("is revoked"));
            Assert.That(legacyError!.Message, Does.Contain("is revoked"));
            Assert.That(await client.PingAsync(), Is.GreaterThanOrEqualTo(TimeSpan.Zero), "a command round trip");
        });
    }

    [Test]
    public void A_missing_crl_file_fails_the_connect_naming_the_setting_and_the_file()
    {
        var options = Options(_authority.GoodServer, TlsRevocationMode.Offline) with
        {
            Tls = Options(_authority.GoodServer, TlsRevocationMode.Offline).Tls with { CertificateRevocationListPath = _authority.RevocationListPath + ".missing" },
        };

        var error = Assert.ThrowsAsync<RedisConnectionException>(async () => await RedisClient.ConnectAsync(options, TestClients.Logs));
        TestContext.Out.WriteLine(error!.Message);

        Assert.That(error.Message, Does.Contain("Tls.CertificateRevocationListPath").And.Contain(".missing"));
    }

    private RedisClientOptions Options(RedisServer server, TlsRevocationMode mode) => TestClients.OptionsFor(server.TlsPort!.Value) with
    {
        Tls = new TlsOptions { Enabled = true, ServerName = "localhost", CaCertificatePath = _authority.CaCertificatePath, CertificateRevocation = mode },
    };

    private string Url(RedisServer server) =>
        $"rediss://127.0.0.1:{server.TlsPort}?serverName=localhost&caCertificatePath={Uri.EscapeDataString(_authority.CaCertificatePath)}";

    private static string TlsEndpoint(RedisServer server) => $"{server.Host}:{server.TlsPort}";
}
