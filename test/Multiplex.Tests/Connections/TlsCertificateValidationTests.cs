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

        Assert.Multiple(() =>
        {
            Assert.That(Validate(server, "redis.test", _trusted, intermediate.Certificate), Is.True);
            Assert.That(Validate(server, "redis.test", _trusted), Is.False);
            Assert.That(Validate(server, "redis.test", _other, intermediate.Certificate), Is.False);
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
    public void Authorities_from_a_PEM_file_become_the_only_roots_of_the_handshake_chain_policy()
    {
        string path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, _trusted.Certificate.ExportCertificatePem());
            var tls = new TlsOptions { Enabled = true, CaCertificatePath = path };
            using X509Certificate2 good = _trusted.Issue("redis.test");
            using X509Certificate2 bad = _other.Issue("redis.test");

            SslClientAuthenticationOptions options = TlsClientAuthentication.Create(tls, RedisEndpoint.Tcp("redis.test"));

            Assert.Multiple(() =>
            {
                Assert.That(options.CertificateChainPolicy!.TrustMode, Is.EqualTo(X509ChainTrustMode.CustomRootTrust));
                Assert.That(options.CertificateChainPolicy.CustomTrustStore, Has.Count.EqualTo(1));
                Assert.That(options.RemoteCertificateValidationCallback, Is.Null, "the platform's verdict under the policy stands");
                Assert.That(Build(good, options.CertificateChainPolicy), Is.True);
                Assert.That(Build(bad, options.CertificateChainPolicy), Is.False);
            });
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public void The_handshake_checks_the_configured_server_name_not_the_endpoint_host()
    {
        var tls = new TlsOptions { Enabled = true, ServerName = "redis.test", TrustedCertificateAuthorities = [_trusted.Certificate] };

        SslClientAuthenticationOptions options = TlsClientAuthentication.Create(tls, RedisEndpoint.Tcp("10.1.2.3"));

        Assert.That(options.TargetHost, Is.EqualTo("redis.test"));
    }

    [TestCase(TlsRevocationMode.Off, X509RevocationMode.NoCheck)]
    [TestCase(TlsRevocationMode.Online, X509RevocationMode.Online)]
    [TestCase(TlsRevocationMode.Offline, X509RevocationMode.Offline)]
    public void The_revocation_mode_applies_to_the_custom_trust_chain_too(TlsRevocationMode mode, X509RevocationMode platform)
    {
        var tls = new TlsOptions { Enabled = true, TrustedCertificateAuthorities = [_trusted.Certificate], CertificateRevocation = mode };

        SslClientAuthenticationOptions options = TlsClientAuthentication.Create(tls, RedisEndpoint.Tcp("redis.test"));

        Assert.Multiple(() =>
        {
            Assert.That(options.CertificateRevocationCheckMode, Is.EqualTo(platform));
            Assert.That(options.CertificateChainPolicy!.RevocationMode, Is.EqualTo(platform));
            Assert.That(options.CertificateChainPolicy.RevocationFlag, Is.EqualTo(X509RevocationFlag.ExcludeRoot));
        });
    }

    /// <summary>The chain and name check the handshake makes under custom trust: the policy, then the name.</summary>
    private static bool Validate(X509Certificate2 server, string serverName, TestCertificateAuthority root, X509Certificate2? presentedIntermediate = null)
    {
        X509ChainPolicy policy = TlsClientAuthentication.ServerChainPolicy([root.Certificate], X509RevocationMode.NoCheck);
        if (presentedIntermediate is not null)
        {
            policy.ExtraStore.Add(presentedIntermediate);
        }

        return Build(server, policy) && server.MatchesHostname(serverName);
    }

    private static bool Build(X509Certificate2 server, X509ChainPolicy policy)
    {
        using var chain = new X509Chain { ChainPolicy = policy.Clone() };
        return chain.Build(server);
    }

    private bool Validate(X509Certificate2 server, string serverName) => Validate(server, serverName, _trusted);
}
