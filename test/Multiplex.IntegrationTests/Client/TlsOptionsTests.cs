using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Multiplex.IntegrationTests.Support;
using Multiplex.Testing;

namespace Multiplex.IntegrationTests.Client;

/// <summary>
/// The TLS settings beyond the basics, against the secure fixture server (TLS with client certificates,
/// an ACL user): encrypted client keys (PEM and PKCS#12), a directory of authorities, cipher suites, and
/// the explicit, logged opt-outs of the name and chain checks. Each from code and from a connection string.
/// </summary>
public sealed class TlsOptionsTests : ServerTestBase
{
    private const string KeyPassword = "client-key-passphrase";

    private RedisServer _server = null!;
    private TlsCertificates _certificates = null!;
    private string _directory = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _server = await SharedServers.SecureAsync();
        _certificates = _server.Certificates!;
        _directory = Directory.CreateTempSubdirectory("multiplex-tls-options-").FullName;

        // The fixture's client certificate with its key encrypted, as PEM (PKCS#8) and as PKCS#12.
        using var client = _certificates.LoadClientCertificate();
        using AsymmetricAlgorithm key = (AsymmetricAlgorithm?)client.GetRSAPrivateKey() ?? client.GetECDsaPrivateKey()
            ?? throw new InvalidOperationException("the fixture's client key is neither RSA nor ECDSA");
        File.WriteAllText(EncryptedKeyPath, key.ExportEncryptedPkcs8PrivateKeyPem(KeyPassword, new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, 100_000)));
        File.WriteAllBytes(PasswordPfxPath, client.Export(X509ContentType.Pkcs12, KeyPassword));

        // A CA directory as OpenSSL tools leave it: the authority under a hashed name, and a file that is no certificate.
        Directory.CreateDirectory(CaDirectory);
        File.Copy(_certificates.CaCertificatePath, Path.Combine(CaDirectory, "5ed36f99.0"));
        File.WriteAllText(Path.Combine(CaDirectory, "README.txt"), "not a certificate");
        Directory.CreateDirectory(EmptyDirectory);
    }

    [OneTimeTearDown]
    public void DeleteFiles() => Directory.Delete(_directory, recursive: true);

    private string EncryptedKeyPath => Path.Combine(_directory, "client.encrypted.key");

    private string PasswordPfxPath => Path.Combine(_directory, "client.protected.pfx");

    private string CaDirectory => Path.Combine(_directory, "cas");

    private string EmptyDirectory => Path.Combine(_directory, "empty");

    [Test]
    public async Task An_encrypted_pem_key_and_a_password_protected_pfx_are_opened_with_the_key_password()
    {
        var pem = Options(Trusted() with { ClientCertificatePath = _certificates.ClientCertificatePath, ClientKeyPath = EncryptedKeyPath, ClientKeyPassword = KeyPassword });
        var pfx = Options(Trusted() with { ClientCertificatePath = PasswordPfxPath, ClientKeyPassword = KeyPassword });
        var fromUrl = RedisClientOptions.Parse(
            $"{Url()}&caCertificatePath={Escape(_certificates.CaCertificatePath)}&clientCertificatePath={Escape(PasswordPfxPath)}&clientKeyPassword={KeyPassword}");

        foreach (var options in new[] { pem, pfx, fromUrl })
        {
            await using var client = await RedisClient.ConnectAsync(options, TestClients.Logs);
            Assert.That(await client.PingAsync(), Is.GreaterThan(TimeSpan.Zero));
        }

        var wrong = Assert.ThrowsAsync<RedisConnectionException>(async () => await RedisClient.ConnectAsync(pem with { Tls = pem.Tls with { ClientKeyPassword = "not-the-passphrase" } }, TestClients.Logs));
        Assert.That(wrong!.Message, Does.Contain(_server.TlsEndpoint()).And.Not.Contain("not-the-passphrase"));
    }

    [Test]
    public async Task A_directory_of_authorities_is_trusted_and_one_without_certificates_is_refused_by_name()
    {
        await using (var client = await RedisClient.ConnectAsync(Options(Trusted() with { CaCertificatePath = null, CaCertificateDirectory = CaDirectory }), TestClients.Logs))
        {
            Assert.That(await client.PingAsync(), Is.GreaterThan(TimeSpan.Zero));
        }

        await using (var client = await RedisClient.ConnectAsync(RedisClientOptions.Parse($"{Url()}&ssl_ca_path={Escape(CaDirectory)}&{ClientCertificateQuery()}"), TestClients.Logs))
        {
            Assert.That(await client.PingAsync(), Is.GreaterThan(TimeSpan.Zero));
        }

        var empty = Assert.ThrowsAsync<RedisConnectionException>(async () =>
            await RedisClient.ConnectAsync(Options(Trusted() with { CaCertificatePath = null, CaCertificateDirectory = EmptyDirectory }), TestClients.Logs));
        Assert.That(empty!.Message, Does.Contain(EmptyDirectory).And.Contain("holds no PEM certificate"));
    }

    [Test]
    public async Task Chosen_cipher_suites_are_offered()
    {
        var suites = new[] { TlsCipherSuite.TLS_AES_256_GCM_SHA384, TlsCipherSuite.TLS_CHACHA20_POLY1305_SHA256 };
        await using (var client = await RedisClient.ConnectAsync(Options(Trusted() with { CipherSuites = suites }), TestClients.Logs))
        {
            Assert.That(await client.PingAsync(), Is.GreaterThan(TimeSpan.Zero));
        }

        var fromUrl = RedisClientOptions.Parse($"{Url()}&caCertificatePath={Escape(_certificates.CaCertificatePath)}&{ClientCertificateQuery()}&cipherSuites=TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256");
        Assert.That(fromUrl.Tls.CipherSuites, Is.EqualTo(suites));
        await using (var client = await RedisClient.ConnectAsync(fromUrl, TestClients.Logs))
        {
            Assert.That(await client.PingAsync(), Is.GreaterThan(TimeSpan.Zero));
        }

        // TLS 1.2 connects with the platform's suites, but not when the only suite offered is a TLS 1.3 one.
        var tls12 = Trusted() with { EnabledProtocols = System.Security.Authentication.SslProtocols.Tls12 };
        await using (var client = await RedisClient.ConnectAsync(Options(tls12), TestClients.Logs))
        {
            Assert.That(await client.PingAsync(), Is.GreaterThan(TimeSpan.Zero));
        }

        var none = Options(tls12 with { CipherSuites = [TlsCipherSuite.TLS_AES_256_GCM_SHA384] });
        Assert.ThrowsAsync<RedisConnectionException>(async () => await RedisClient.ConnectAsync(none, TestClients.Logs), "the suite list was applied");
    }

    [Test]
    public async Task Skipping_the_name_check_accepts_a_certificate_for_another_name_but_still_checks_its_issuer()
    {
        var wrongName = Trusted() with { ServerName = "not-the-server.example" };
        var refused = Assert.ThrowsAsync<RedisConnectionException>(async () => await RedisClient.ConnectAsync(Options(wrongName), TestClients.Logs));
        Assert.That(refused!.Message, Does.Contain("not-the-server.example"));

        await using (var client = await RedisClient.ConnectAsync(Options(wrongName with { InsecureSkipServerNameCheck = true }), TestClients.Logs))
        {
            Assert.That(await client.PingAsync(), Is.GreaterThan(TimeSpan.Zero));
        }

        Assert.That(CapturedLogs.All, Has.Some.Contain("Tls.InsecureSkipServerNameCheck").And.Contain("test environments only"));
        var otherIssuer = wrongName with { InsecureSkipServerNameCheck = true, CaCertificatePath = null, TrustedCertificateAuthorities = [CreateOtherAuthority()] };
        Assert.ThrowsAsync<RedisConnectionException>(async () => await RedisClient.ConnectAsync(Options(otherIssuer), TestClients.Logs), "the chain is still checked");
    }

    [Test]
    public async Task Skipping_the_chain_check_accepts_an_untrusted_issuer_but_still_checks_the_name_unless_told()
    {
        var untrusted = Trusted() with { CaCertificatePath = null };
        Assert.ThrowsAsync<RedisConnectionException>(async () => await RedisClient.ConnectAsync(Options(untrusted), TestClients.Logs), "the fixture's authority is not trusted by this machine");

        await using (var client = await RedisClient.ConnectAsync(Options(untrusted with { InsecureSkipCertificateChainCheck = true }), TestClients.Logs))
        {
            Assert.That(await client.PingAsync(), Is.GreaterThan(TimeSpan.Zero));
        }

        Assert.ThrowsAsync<RedisConnectionException>(
            async () => await RedisClient.ConnectAsync(Options(untrusted with { InsecureSkipCertificateChainCheck = true, ServerName = "not-the-server.example" }), TestClients.Logs),
            "the name is still checked");

        // redis-py's ssl_cert_reqs=none turns both off.
        await using (var client = await RedisClient.ConnectAsync(RedisClientOptions.Parse($"{Url()}&ssl_cert_reqs=none&serverName=not-the-server.example&{ClientCertificateQuery()}"), TestClients.Logs))
        {
            Assert.That(await client.PingAsync(), Is.GreaterThan(TimeSpan.Zero));
        }
    }

    [TestCase("insecureSkipServerNameCheck=true&serverName=not-the-server.example&caCertificatePath={ca}")]
    [TestCase("insecureSkipCertificateChainCheck=true")]
    [TestCase("ssl_check_hostname=false&serverName=not-the-server.example&ssl_ca_certs={ca}")]
    public async Task The_opt_outs_work_from_a_connection_string(string query)
    {
        var options = RedisClientOptions.Parse($"{Url()}&{ClientCertificateQuery()}&{query.Replace("{ca}", Escape(_certificates.CaCertificatePath), StringComparison.Ordinal)}");
        Assert.That(options.Tls.IsInsecure, Is.True);

        await using var client = await RedisClient.ConnectAsync(options, TestClients.Logs);
        Assert.That(await client.PingAsync(), Is.GreaterThan(TimeSpan.Zero));
    }

    [Test]
    public void Contradicting_settings_are_refused_before_connecting()
    {
        var withCallback = Trusted() with { RemoteCertificateValidation = (_, _, _, _) => true, InsecureSkipServerNameCheck = true };
        Assert.That(Assert.Throws<ArgumentException>(() => withCallback.Validate())!.ParamName, Is.EqualTo(nameof(TlsOptions.RemoteCertificateValidation)));
        Assert.That(Assert.Throws<ArgumentException>(() => (Trusted() with { ClientCertificatePath = null, ClientKeyPath = null, ClientKeyPassword = "x" }).Validate())!.ParamName, Is.EqualTo(nameof(TlsOptions.ClientKeyPassword)));
        Assert.That(Assert.Throws<ArgumentException>(() => (Trusted() with { CipherSuites = [] }).Validate())!.ParamName, Is.EqualTo(nameof(TlsOptions.CipherSuites)));
    }

    private static string Escape(string path) => Uri.EscapeDataString(path);

    private static X509Certificate2 CreateOtherAuthority()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=Another CA", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
    }

    /// <summary>The fixture's authority and client certificate (PEM, key unencrypted), the server's name.</summary>
    private TlsOptions Trusted() => new()
    {
        Enabled = true,
        ServerName = "localhost",
        CaCertificatePath = _certificates.CaCertificatePath,
        ClientCertificatePath = _certificates.ClientCertificatePath,
        ClientKeyPath = _certificates.ClientKeyPath,
    };

    private RedisClientOptions Options(TlsOptions tls) => TestClients.OptionsFor(_server.TlsPort!.Value) with
    {
        User = SharedServers.SecureUserName,
        Password = TestSecrets.Password,
        Tls = tls,
        ConnectTimeout = TimeSpan.FromSeconds(5),
    };

    private string Url() => $"rediss://{SharedServers.SecureUserName}:{TestSecrets.Password}@127.0.0.1:{_server.TlsPort}?sslHost=localhost";

    private string ClientCertificateQuery() => $"clientCertificatePath={Escape(_certificates.ClientCertificatePath)}&clientKeyPath={Escape(_certificates.ClientKeyPath)}";
}

/// <summary>The TLS endpoint of a fixture server, as messages name it.</summary>
internal static class TlsEndpointExtensions
{
    public static string TlsEndpoint(this RedisServer server) => $"127.0.0.1:{server.TlsPort}";
}
