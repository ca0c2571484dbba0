using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace Multiplex.Tests.Connections;

public sealed class TlsClientAuthenticationTests
{
    [Test]
    public void The_target_host_defaults_to_the_endpoint_host()
    {
        SslClientAuthenticationOptions options = TlsClientAuthentication.Create(new TlsOptions { Enabled = true }, RedisEndpoint.Tcp("cache.example", 6380));

        Assert.Multiple(() =>
        {
            Assert.That(options.TargetHost, Is.EqualTo("cache.example"));
            Assert.That(options.EnabledSslProtocols, Is.EqualTo(SslProtocols.None));
            Assert.That(options.CertificateRevocationCheckMode, Is.EqualTo(X509RevocationMode.NoCheck));
            Assert.That(options.RemoteCertificateValidationCallback, Is.Null, "system trust needs no callback");
            Assert.That(options.ClientCertificates, Is.Null);
        });
    }

    [Test]
    public void Protocols_revocation_and_server_name_are_passed_through()
    {
        var tls = new TlsOptions { Enabled = true, ServerName = "sni.example", EnabledProtocols = SslProtocols.Tls13, CertificateRevocation = TlsRevocationMode.Online };

        SslClientAuthenticationOptions options = TlsClientAuthentication.Create(tls, RedisEndpoint.Tcp("10.0.0.1"));

        Assert.Multiple(() =>
        {
            Assert.That(options.TargetHost, Is.EqualTo("sni.example"));
            Assert.That(options.EnabledSslProtocols, Is.EqualTo(SslProtocols.Tls13));
            Assert.That(options.CertificateRevocationCheckMode, Is.EqualTo(X509RevocationMode.Online));
        });
    }

    [Test]
    public void A_custom_validation_callback_overrides_the_trusted_authorities()
    {
        RemoteCertificateValidationCallback accept = (_, _, _, _) => true;
        var tls = new TlsOptions { Enabled = true, RemoteCertificateValidation = accept, CaCertificatePath = "/does/not/exist.pem" };

        SslClientAuthenticationOptions options = TlsClientAuthentication.Create(tls, RedisEndpoint.Tcp("h"));

        Assert.That(options.RemoteCertificateValidationCallback, Is.SameAs(accept));
    }

    [Test]
    public void A_client_certificate_is_loaded_from_PEM_certificate_and_key_files()
    {
        using var authority = new TestCertificateAuthority("Multiplex Client Root");
        using X509Certificate2 client = authority.Issue("client.test");
        string certificatePath = Path.GetTempFileName();
        string keyPath = Path.GetTempFileName();
        try
        {
            File.WriteAllText(certificatePath, client.ExportCertificatePem());
            File.WriteAllText(keyPath, client.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem());
            var tls = new TlsOptions { Enabled = true, ClientCertificatePath = certificatePath, ClientKeyPath = keyPath };

            SslClientAuthenticationOptions options = TlsClientAuthentication.Create(tls, RedisEndpoint.Tcp("h"));

            X509Certificate loaded = options.ClientCertificates!.Cast<X509Certificate>().Single();
            Assert.That(((X509Certificate2)loaded).HasPrivateKey, Is.True);
            Assert.That(loaded.GetCertHashString(), Is.EqualTo(client.GetCertHashString()));
        }
        finally
        {
            File.Delete(certificatePath);
            File.Delete(keyPath);
        }
    }

    [Test]
    public void A_client_certificate_object_is_used_as_given()
    {
        using var authority = new TestCertificateAuthority("Multiplex Client Root");
        using X509Certificate2 client = authority.Issue("client.test");

        SslClientAuthenticationOptions options = TlsClientAuthentication.Create(new TlsOptions { Enabled = true, ClientCertificate = client }, RedisEndpoint.Tcp("h"));

        Assert.That(options.ClientCertificates!.Cast<X509Certificate>().Single(), Is.SameAs(client));
    }
}
