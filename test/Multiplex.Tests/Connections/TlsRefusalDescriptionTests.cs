using System.Net.Security;
using System.Runtime.CompilerServices;
using System.Security.Cryptography.X509Certificates;

namespace Multiplex.Tests.Connections;

/// <summary>A refused server certificate is explained in words that say what to change; what is accepted does not change.</summary>
public sealed class TlsRefusalDescriptionTests
{
    private static readonly TlsOptions SystemTrust = new() { Enabled = true };

    private TestCertificateAuthority _authority = null!;
    private X509Certificate2 _server = null!;

    [OneTimeSetUp]
    public void CreateCertificates()
    {
        _authority = new TestCertificateAuthority("Multiplex Refusal Root");
        _server = _authority.Issue("redis.test");
    }

    [OneTimeTearDown]
    public void DisposeCertificates()
    {
        _server.Dispose();
        _authority.Dispose();
    }

    [Test]
    public void A_name_mismatch_names_the_expected_name_and_the_names_the_certificate_carries()
    {
        var tls = SystemTrust with { TrustedCertificateAuthorities = [_authority.Certificate] };

        var text = TlsClientAuthentication.DescribeRefusal(_server, null, SslPolicyErrors.RemoteCertificateNameMismatch, "cache.wrong.example", tls);

        Assert.That(text, Does.Contain("does not match the name 'cache.wrong.example'"));
        Assert.That(text, Does.Contain("certificate names: redis.test, 127.0.0.1"));
        Assert.That(text, Does.Contain("Tls.ServerName"));
    }

    [Test]
    public void A_chain_the_custom_authorities_did_not_issue_names_those_settings()
    {
        var tls = SystemTrust with { TrustedCertificateAuthorities = [_authority.Certificate] };

        var text = TlsClientAuthentication.DescribeRefusal(_server, null, SslPolicyErrors.RemoteCertificateChainErrors, "redis.test", tls);

        Assert.That(text, Does.Contain("not issued").And.Contain("Tls.TrustedCertificateAuthorities"));
        Assert.That(text, Does.Not.Contain("does not match"));
    }

    [Test]
    public void An_untrusted_chain_under_system_trust_suggests_the_ca_path()
    {
        var text = TlsClientAuthentication.DescribeRefusal(_server, null, SslPolicyErrors.RemoteCertificateChainErrors, "redis.test", SystemTrust);

        Assert.That(text, Does.Contain("not trusted by this machine").And.Contain("Tls.CaCertificatePath"));
    }

    [Test]
    public void A_custom_callback_refusal_says_the_callback_refused()
    {
        var tls = SystemTrust with { RemoteCertificateValidation = (_, _, _, _) => false };

        var text = TlsClientAuthentication.DescribeRefusal(_server, null, SslPolicyErrors.None, "redis.test", tls);

        Assert.That(text, Does.Contain("Tls.RemoteCertificateValidation callback refused"));
    }

    [Test]
    public void No_certificate_at_all_says_so()
    {
        var text = TlsClientAuthentication.DescribeRefusal(null, null, SslPolicyErrors.RemoteCertificateNotAvailable, "redis.test", SystemTrust);

        Assert.That(text, Is.EqualTo("the server sent no certificate."));
    }

    [TestCase(SslPolicyErrors.None, true)]
    [TestCase(SslPolicyErrors.RemoteCertificateNameMismatch, false)]
    [TestCase(SslPolicyErrors.RemoteCertificateChainErrors, false)]
    public void Under_system_trust_the_wrapped_check_accepts_exactly_what_the_platform_accepts(SslPolicyErrors errors, bool accepted)
    {
        var options = TlsClientAuthentication.Create(SystemTrust, RedisEndpoint.Tcp("redis.test"));
        var refusal = new StrongBox<string?>();

        TlsClientAuthentication.ExplainRefusals(options, SystemTrust, refusal);

        Assert.That(options.RemoteCertificateValidationCallback!(this, _server, null, errors), Is.EqualTo(accepted));
        Assert.That(refusal.Value is not null, Is.EqualTo(!accepted), "a refusal, and only a refusal, is explained");
    }

    [Test]
    public void A_custom_callback_still_decides()
    {
        var tls = SystemTrust with { RemoteCertificateValidation = (_, _, _, _) => true };
        var options = TlsClientAuthentication.Create(tls, RedisEndpoint.Tcp("redis.test"));
        var refusal = new StrongBox<string?>();

        TlsClientAuthentication.ExplainRefusals(options, tls, refusal);

        Assert.That(options.RemoteCertificateValidationCallback!(this, _server, null, SslPolicyErrors.RemoteCertificateChainErrors), Is.True);
        Assert.That(refusal.Value, Is.Null);
    }
}
