using System.Security.Cryptography.X509Certificates;
using Multiplex.Testing.Processes;

namespace Multiplex.Testing;

/// <summary>
/// A throwaway CA with a server certificate (for 127.0.0.1 and localhost) and a client certificate,
/// made with openssl when a TLS fixture starts. All files are PEM except the client PFX, which has no
/// password and is there for .NET.
/// </summary>
public sealed class TlsCertificates
{
    private const string Days = "2";

    /// <summary>
    /// The files of <paramref name="directory"/> under this class's names: <c>ca.crt</c>,
    /// <c>server.crt</c>, <c>server.key</c>, and the client's files where they exist.
    /// </summary>
    internal TlsCertificates(string directory)
    {
        CaCertificatePath = Path.Combine(directory, "ca.crt");
        ServerCertificatePath = Path.Combine(directory, "server.crt");
        ServerKeyPath = Path.Combine(directory, "server.key");
        ClientCertificatePath = Path.Combine(directory, "client.crt");
        ClientKeyPath = Path.Combine(directory, "client.key");
        ClientPfxPath = Path.Combine(directory, "client.pfx");
    }

    /// <summary>The CA certificate that signed both others (PEM).</summary>
    public string CaCertificatePath { get; }

    /// <summary>The server certificate (PEM), valid for 127.0.0.1 and localhost.</summary>
    public string ServerCertificatePath { get; }

    /// <summary>The server's private key (PEM).</summary>
    public string ServerKeyPath { get; }

    /// <summary>The client certificate (PEM), for mutual TLS.</summary>
    public string ClientCertificatePath { get; }

    /// <summary>The client's private key (PEM).</summary>
    public string ClientKeyPath { get; }

    /// <summary>Client certificate and key as PKCS#12 without a password.</summary>
    public string ClientPfxPath { get; }

    /// <summary>Loads the CA certificate, to trust it in a certificate validation callback.</summary>
    public X509Certificate2 LoadCaCertificate() => X509CertificateLoader.LoadCertificateFromFile(CaCertificatePath);

    /// <summary>Loads the client certificate with its private key.</summary>
    public X509Certificate2 LoadClientCertificate() => X509CertificateLoader.LoadPkcs12FromFile(ClientPfxPath, password: null);

    internal static async Task<TlsCertificates> CreateAsync(string directory, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        var certificates = new TlsCertificates(directory);
        var caKey = Path.Combine(directory, "ca.key");
        await OpenSslAsync(directory, cancellationToken,
            "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-keyout", caKey, "-out", certificates.CaCertificatePath, "-days", Days,
            "-subj", "/CN=Multiplex Test CA");
        await IssueAsync(directory, caKey, certificates.CaCertificatePath, "server",
            certificates.ServerKeyPath, certificates.ServerCertificatePath,
            "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n", cancellationToken);
        await IssueAsync(directory, caKey, certificates.CaCertificatePath, "client",
            certificates.ClientKeyPath, certificates.ClientCertificatePath,
            "extendedKeyUsage=clientAuth\n", cancellationToken);
        await OpenSslAsync(directory, cancellationToken,
            "pkcs12", "-export", "-in", certificates.ClientCertificatePath, "-inkey", certificates.ClientKeyPath,
            "-out", certificates.ClientPfxPath, "-passout", "pass:");
        return certificates;
    }

    private static async Task IssueAsync(
        string directory, string caKey, string caCertificate, string name, string keyPath, string certificatePath,
        string extensions, CancellationToken cancellationToken)
    {
        var request = Path.Combine(directory, name + ".csr");
        var extensionsPath = Path.Combine(directory, name + ".ext");
        await File.WriteAllTextAsync(extensionsPath, extensions, cancellationToken);
        await OpenSslAsync(directory, cancellationToken,
            "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-keyout", keyPath, "-out", request, "-subj", "/CN=multiplex-test-" + name);
        await OpenSslAsync(directory, cancellationToken,
            "x509", "-req", "-in", request, "-CA", caCertificate, "-CAkey", caKey, "-CAcreateserial",
            "-out", certificatePath, "-days", Days, "-extfile", extensionsPath);
    }

    private static Task<string> OpenSslAsync(string directory, CancellationToken cancellationToken, params string[] arguments) =>
        ToolRunner.RunAsync("openssl", arguments, directory, cancellationToken);
}
