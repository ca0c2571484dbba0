using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Multiplex.Tests.Connections;

public sealed class TlsCertificateValidationTests
{
    private TestCertificateAuthority _trusted = null!;
    private TestCertificateAuthority _other = null!;

    [OneTimeSetUp]
    public void CreateAuthorities()
    {
        _trusted = new TestCertificateAuthority("Multiplex Test Root A");
        _other = new TestCertificateAuthority("Multiplex Test Root B");
    }

    [OneTimeTearDown]
    public void DisposeAuthorities()
    {
        _trusted.Dispose();
        _other.Dispose();
    }

    [Test]
    public void A_certificate_signed_by_the_trusted_authority_passes()
    {
        using X509Certificate2 server = _trusted.Issue("redis.test");

        Assert.That(Validate(server, "redis.test"), Is.True);
    }

    [Test]
    public void A_certificate_from_another_authority_fails()
    {
        using X509Certificate2 server = _other.Issue("redis.test");

        Assert.That(Validate(server, "redis.test"), Is.False);
    }

    [Test]
    public void A_certificate_for_another_name_fails()
    {
        using X509Certificate2 server = _trusted.Issue("redis.test");

        Assert.That(Validate(server, "cache.test"), Is.False);
    }

    [Test]
    public void An_IP_address_in_the_certificate_matches_an_IP_server_name()
    {
        using X509Certificate2 server = _trusted.Issue("redis.test");

        Assert.That(Validate(server, "127.0.0.1"), Is.True);
    }

    [Test]
    public void A_certificate_from_an_intermediate_passes_only_when_the_server_presents_the_intermediate()
    {
        using var intermediate = new TestCertificateAuthority("Multiplex Test Intermediate", _trusted);
        using X509Certificate2 server = intermediate.Issue("redis.test");
        using var presented = new X509Chain();
        presented.ChainPolicy.ExtraStore.Add(intermediate.Certificate);

        Assert.Multiple(() =>
        {
            Assert.That(TlsClientAuthentication.IsTrustedServerCertificate(server, presented, "redis.test", [_trusted.Certificate]), Is.True);
            Assert.That(TlsClientAuthentication.IsTrustedServerCertificate(server, null, "redis.test", [_trusted.Certificate]), Is.False);
            Assert.That(TlsClientAuthentication.IsTrustedServerCertificate(server, presented, "redis.test", [_other.Certificate]), Is.False);
        });
    }

    [Test]
    public void An_expired_certificate_fails()
    {
        using X509Certificate2 server = _trusted.Issue("redis.test", notAfter: DateTimeOffset.UtcNow.AddDays(-2));

        Assert.That(Validate(server, "redis.test"), Is.False);
    }

    [Test]
    public void The_trusted_authority_itself_presented_as_the_server_fails_the_name_check()
    {
        Assert.That(Validate(_trusted.Certificate, "redis.test"), Is.False);
    }

    [Test]
    public void The_handshake_callback_trusts_authorities_from_a_PEM_file_and_ignores_system_chain_errors()
    {
        string path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, _trusted.Certificate.ExportCertificatePem());
            var tls = new TlsOptions { Enabled = true, CaCertificatePath = path };
            using X509Certificate2 good = _trusted.Issue("redis.test");
            using X509Certificate2 bad = _other.Issue("redis.test");

            RemoteCertificateValidationCallback callback =
                TlsClientAuthentication.Create(tls, RedisEndpoint.Tcp("redis.test")).RemoteCertificateValidationCallback!;

            Assert.Multiple(() =>
            {
                Assert.That(callback(this, good, null, SslPolicyErrors.RemoteCertificateChainErrors), Is.True);
                Assert.That(callback(this, bad, null, SslPolicyErrors.RemoteCertificateChainErrors), Is.False);
                Assert.That(callback(this, good, null, SslPolicyErrors.RemoteCertificateNameMismatch), Is.False);
                Assert.That(callback(this, null, null, SslPolicyErrors.RemoteCertificateNotAvailable), Is.False);
            });
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public void The_handshake_callback_checks_the_configured_server_name_not_the_endpoint_host()
    {
        var tls = new TlsOptions { Enabled = true, ServerName = "redis.test", TrustedCertificateAuthorities = [_trusted.Certificate] };
        using X509Certificate2 server = _trusted.Issue("redis.test");

        SslClientAuthenticationOptions options = TlsClientAuthentication.Create(tls, RedisEndpoint.Tcp("10.1.2.3"));

        Assert.That(options.TargetHost, Is.EqualTo("redis.test"));
        Assert.That(options.RemoteCertificateValidationCallback!(this, server, null, SslPolicyErrors.None), Is.True);
    }

    private bool Validate(X509Certificate2 server, string serverName) =>
        TlsClientAuthentication.IsTrustedServerCertificate(server, null, serverName, [_trusted.Certificate]);
}
