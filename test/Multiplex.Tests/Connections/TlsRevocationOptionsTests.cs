using System.Security.Cryptography.X509Certificates;

namespace Multiplex.Tests.Connections;

/// <summary>The revocation mode and CRL file: connection-string keys, validation, and what the handshake options carry.</summary>
public sealed class TlsRevocationOptionsTests
{
    [TestCase("certificateRevocation=online", TlsRevocationMode.Online)]
    [TestCase("certificateRevocation=OFFLINE", TlsRevocationMode.Offline)]
    [TestCase("certificateRevocation=off", TlsRevocationMode.Off)]
    [TestCase("certificateRevocation=nocheck", TlsRevocationMode.Off)]
    [TestCase("checkCertificateRevocation=true", TlsRevocationMode.Online)]
    [TestCase("checkCertificateRevocation=false", TlsRevocationMode.Off)]
    [TestCase("ssl_ocsp=true", TlsRevocationMode.Online)]
    public void The_revocation_keys_set_the_mode(string query, TlsRevocationMode expected)
    {
        var fromUrl = RedisClientOptions.Parse("rediss://h?" + query);
        var fromList = RedisClientOptions.Parse("h:6380,ssl=true," + query);

        Assert.That((fromUrl.Tls.CertificateRevocation, fromList.Tls.CertificateRevocation), Is.EqualTo((expected, expected)));
    }

    [Test]
    public void The_mode_and_the_crl_file_are_written_back_and_read_again()
    {
        var options = RedisClientOptions.Parse("rediss://h?certificateRevocation=offline&certificateRevocationListPath=%2Fetc%2Fssl%2Fca.crl");

        Assert.Multiple(() =>
        {
            Assert.That(options.Tls.CertificateRevocationListPath, Is.EqualTo("/etc/ssl/ca.crl"));
            Assert.That(options.ToConnectionString(includePassword: false), Does.Contain("certificateRevocation=offline").And.Contain("certificateRevocationListPath="));
            Assert.That(RedisClientOptions.Parse(options.ToConnectionString(includePassword: false)), Is.EqualTo(options));
            Assert.That(options.Tls.ToString(), Does.Contain("CertificateRevocation = Offline"));
        });
    }

    [Test]
    public void An_unknown_mode_is_refused_with_the_allowed_values()
    {
        var error = Assert.Throws<FormatException>(() => RedisClientOptions.Parse("rediss://h?certificateRevocation=sometimes"));

        Assert.That(error!.Message, Does.Contain("'certificateRevocation'").And.Contain("off, online or offline"));
    }

    [Test]
    public void A_crl_file_outside_offline_mode_is_refused_naming_the_mode_to_set()
    {
        var tls = new TlsOptions { Enabled = true, CertificateRevocation = TlsRevocationMode.Online, CertificateRevocationListPath = "/etc/ssl/ca.crl" };

        var error = Assert.Throws<ArgumentException>(tls.Validate);

        Assert.That(error!.Message, Does.Contain("offline mode only").And.Contain("Tls.CertificateRevocation"));
    }

    [Test]
    public void Revocation_checks_with_the_chain_check_switched_off_are_refused()
    {
        var tls = new TlsOptions { Enabled = true, CertificateRevocation = TlsRevocationMode.Online, InsecureSkipCertificateChainCheck = true };

        Assert.That(tls.Validate, Throws.ArgumentException.With.Message.Contains("InsecureSkipCertificateChainCheck"));
    }

    [TestCase(TlsRevocationMode.Off, X509RevocationMode.NoCheck)]
    [TestCase(TlsRevocationMode.Online, X509RevocationMode.Online)]
    [TestCase(TlsRevocationMode.Offline, X509RevocationMode.Offline)]
    public void Under_system_trust_the_platform_checks_revocation_in_the_chosen_mode(TlsRevocationMode mode, X509RevocationMode platform)
    {
        var options = TlsClientAuthentication.Create(new TlsOptions { Enabled = true, CertificateRevocation = mode }, RedisEndpoint.Tcp("redis.test"));

        Assert.That(options.CertificateRevocationCheckMode, Is.EqualTo(platform));
        Assert.That(options.RemoteCertificateValidationCallback, Is.Null, "the platform's verdict stands");
    }

    [TestCase(true)]
    [TestCase(false)]
    public void Online_responders_are_waited_for_no_longer_than_the_connect_timeout(bool customTrust)
    {
        using var authority = new TestCertificateAuthority("Multiplex Revocation Timeout Root");
        var tls = new TlsOptions
        {
            Enabled = true,
            CertificateRevocation = TlsRevocationMode.Online,
            TrustedCertificateAuthorities = customTrust ? [authority.Certificate] : null,
        };

        var options = TlsClientAuthentication.Create(tls, RedisEndpoint.Tcp("redis.test"), TimeSpan.FromSeconds(2));

        Assert.Multiple(() =>
        {
            Assert.That(options.CertificateChainPolicy!.UrlRetrievalTimeout, Is.EqualTo(TimeSpan.FromSeconds(2)));
            Assert.That(options.CertificateChainPolicy.RevocationMode, Is.EqualTo(X509RevocationMode.Online));
            Assert.That(options.CertificateChainPolicy.TrustMode, Is.EqualTo(customTrust ? X509ChainTrustMode.CustomRootTrust : X509ChainTrustMode.System));
        });
    }

    [Test]
    public void With_a_crl_file_the_platform_does_not_check_revocation_and_the_file_decides()
    {
        using var authority = new TestCertificateAuthority("Multiplex Revocation Options Root");
        string path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, RevocationListFiles.Pem(authority, revoked: []));
            var tls = new TlsOptions
            {
                Enabled = true,
                TrustedCertificateAuthorities = [authority.Certificate],
                CertificateRevocation = TlsRevocationMode.Offline,
                CertificateRevocationListPath = path,
            };

            var options = TlsClientAuthentication.Create(tls, RedisEndpoint.Tcp("redis.test"));

            Assert.Multiple(() =>
            {
                Assert.That(options.CertificateRevocationCheckMode, Is.EqualTo(X509RevocationMode.NoCheck));
                Assert.That(options.CertificateChainPolicy!.RevocationMode, Is.EqualTo(X509RevocationMode.NoCheck));
                Assert.That(options.RemoteCertificateValidationCallback, Is.Not.Null, "the file is checked in the callback");
            });
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public void An_unreadable_crl_file_fails_before_the_handshake_naming_the_setting_and_the_file()
    {
        var tls = new TlsOptions { Enabled = true, CertificateRevocation = TlsRevocationMode.Offline, CertificateRevocationListPath = "/does/not/exist.crl" };

        var error = Assert.Throws<InvalidOperationException>(() => TlsClientAuthentication.Create(tls, RedisEndpoint.Tcp("redis.test")));

        Assert.That(error!.Message, Does.Contain("Tls.CertificateRevocationListPath '/does/not/exist.crl' could not be read"));
    }

    [TestCase(X509ChainStatusFlags.Revoked, TlsRevocationMode.Online, "'CN=redis.test' is revoked")]
    [TestCase(X509ChainStatusFlags.RevocationStatusUnknown, TlsRevocationMode.Online, "neither its issuer's OCSP responder nor its CRL distribution point answered")]
    [TestCase(X509ChainStatusFlags.OfflineRevocation, TlsRevocationMode.Offline, "no cached CRL or OCSP response")]
    public void A_revocation_finding_is_said_in_words_naming_the_certificate(X509ChainStatusFlags status, TlsRevocationMode mode, string expected)
    {
        var text = TlsRevocationRefusal.DescribeFindings([("CN=redis.test", status), ("CN=Multiplex Root", X509ChainStatusFlags.NoError)], mode);

        Assert.That(text, Does.Contain(expected).And.Contain("CN=redis.test"));
    }

    [Test]
    public void A_revoked_intermediate_is_named_as_a_certificate_in_the_chain()
    {
        var text = TlsRevocationRefusal.DescribeFindings(
            [("CN=redis.test", X509ChainStatusFlags.NoError), ("CN=Issuing CA", X509ChainStatusFlags.Revoked), ("CN=Root", X509ChainStatusFlags.NoError)],
            TlsRevocationMode.Online);

        Assert.That(text, Does.StartWith("the certificate 'CN=Issuing CA' in the server's chain is revoked"));
    }

    [Test]
    public void Without_a_revocation_finding_revocation_is_not_the_reason()
    {
        Assert.That(TlsRevocationRefusal.DescribeFindings([("CN=redis.test", X509ChainStatusFlags.UntrustedRoot)], TlsRevocationMode.Online), Is.Null);
    }
}
