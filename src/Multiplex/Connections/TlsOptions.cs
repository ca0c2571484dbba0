using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace Multiplex;

/// <summary>
/// TLS settings. TLS is off unless <see cref="Enabled"/> is true (a <c>rediss://</c> URL turns it on).
/// Certificate files are read when a connection is made, so a renewed file is picked up on reconnect.
/// </summary>
public sealed partial record TlsOptions
{
    /// <summary>TLS off, every other setting at its default.</summary>
    public static TlsOptions Disabled { get; } = new();

    /// <summary>Whether connections use TLS. Default false.</summary>
    public bool Enabled { get; init; }

    /// <summary>
    /// The name sent as SNI and matched against the server certificate. Default null: the
    /// endpoint's host.
    /// </summary>
    public string? ServerName { get; init; }

    /// <summary>
    /// Certificate authorities that alone are trusted for the server's chain, instead of the system
    /// store. Default null (system trust). Combined with <see cref="CaCertificatePath"/> when both are set.
    /// </summary>
    public X509Certificate2Collection? TrustedCertificateAuthorities { get; init; }

    /// <summary>
    /// A PEM file of certificate authorities that alone are trusted for the server's chain, read at
    /// connect. Default null (system trust).
    /// </summary>
    public string? CaCertificatePath { get; init; }

    /// <summary>A client certificate with its private key, for servers that require one. Default null.</summary>
    public X509Certificate2? ClientCertificate { get; init; }

    /// <summary>
    /// A client certificate file read at connect: a PKCS#12 file (<c>.pfx</c>/<c>.p12</c>, without
    /// a password) or a PEM file, whose key is in <see cref="ClientKeyPath"/> or in the same file.
    /// Default null.
    /// </summary>
    public string? ClientCertificatePath { get; init; }

    /// <summary>The PEM private key of <see cref="ClientCertificatePath"/>. Default null.</summary>
    public string? ClientKeyPath { get; init; }

    /// <summary>
    /// The password of an encrypted client key: a PEM key (<c>ENCRYPTED PRIVATE KEY</c>, in
    /// <see cref="ClientKeyPath"/> or the certificate file) or a PKCS#12 file's password. Default null:
    /// the key is not encrypted. Never shown in <see cref="ToString"/>, messages or logs.
    /// </summary>
    public string? ClientKeyPassword { get; init; }

    /// <summary>
    /// A directory of PEM files of certificate authorities (<c>*.pem</c>, <c>*.crt</c> and OpenSSL's
    /// hashed names such as <c>a1b2c3d4.0</c>) that alone are trusted for the server's chain, read at
    /// connect; files that hold no certificate are skipped. Combined with the other authorities when they
    /// are set too. Default null.
    /// </summary>
    public string? CaCertificateDirectory { get; init; }

    /// <summary>
    /// The cipher suites offered, in order of preference (for example
    /// <see cref="TlsCipherSuite.TLS_AES_256_GCM_SHA384"/>). Default null: the operating system's policy.
    /// Supported where .NET supports <see cref="CipherSuitesPolicy"/> (Linux, macOS); elsewhere
    /// connecting fails with a message that says so.
    /// </summary>
    public IReadOnlyList<TlsCipherSuite>? CipherSuites { get; init; }

    /// <summary>
    /// Accepts a server certificate whose names do not match the server name. For test environments
    /// only: anyone holding a certificate from a trusted authority can then pose as the server. A
    /// warning is logged when a client is made with it. Default false.
    /// </summary>
    public bool InsecureSkipServerNameCheck { get; init; }

    /// <summary>
    /// Accepts a server certificate that no trusted authority issued (self-signed, expired, unknown
    /// issuer). For test environments only: the connection is then encrypted but anyone can pose as the
    /// server. A warning is logged when a client is made with it. Default false.
    /// </summary>
    public bool InsecureSkipCertificateChainCheck { get; init; }

    /// <summary>
    /// A callback that alone decides whether the server certificate is accepted, overriding
    /// <see cref="ServerName"/> matching and the trusted authorities. Default null. It is not
    /// expressible in a connection string.
    /// </summary>
    public RemoteCertificateValidationCallback? RemoteCertificateValidation { get; init; }

    /// <summary>The TLS versions allowed. Default <see cref="SslProtocols.None"/>: the operating system's choice.</summary>
    public SslProtocols EnabledProtocols { get; init; } = SslProtocols.None;

    /// <summary>
    /// Whether, and from where, the server's certificate chain is checked for revoked certificates:
    /// <see cref="TlsRevocationMode.Off"/> (the default), <see cref="TlsRevocationMode.Online"/> (OCSP and
    /// CRLs fetched at connect, and stapled OCSP responses) or <see cref="TlsRevocationMode.Offline"/>
    /// (<see cref="CertificateRevocationListPath"/>, or what the platform has cached). Applies with the
    /// system trust store and with custom authorities alike. A revoked certificate, or one whose status
    /// cannot be learned, is refused.
    /// </summary>
    public TlsRevocationMode CertificateRevocation { get; init; }

    /// <summary>
    /// A file of certificate revocation lists (PEM <c>X509 CRL</c> blocks, or one DER list) issued by the
    /// authorities of the server's chain, read at connect; with <see cref="TlsRevocationMode.Offline"/>
    /// it alone decides revocation. Every certificate of the chain but the root needs a list from its
    /// issuer, signed by that issuer and not past its next update; a certificate without one is refused.
    /// Default null.
    /// </summary>
    public string? CertificateRevocationListPath { get; init; }

    /// <summary>Whether a custom set of authorities replaces the system trust store.</summary>
    internal bool HasCustomTrust => TrustedCertificateAuthorities is not null || CaCertificatePath is not null || CaCertificateDirectory is not null;

    /// <summary>Whether a certificate check is switched off.</summary>
    internal bool IsInsecure => InsecureSkipServerNameCheck || InsecureSkipCertificateChainCheck;

    /// <summary>Throws <see cref="ArgumentException"/> naming the setting when settings contradict each other.</summary>
    public void Validate()
    {
        if (ServerName is not null && string.IsNullOrWhiteSpace(ServerName))
        {
            throw new ArgumentException("Tls.ServerName is empty; set a host name or leave it null to use the endpoint's host.", nameof(ServerName));
        }

        if (ClientKeyPath is not null && ClientCertificatePath is null)
        {
            throw new ArgumentException("Tls.ClientKeyPath is set without Tls.ClientCertificatePath.", nameof(ClientKeyPath));
        }

        if (ClientCertificate is not null && ClientCertificatePath is not null)
        {
            throw new ArgumentException("Tls.ClientCertificate and Tls.ClientCertificatePath are both set; set one.", nameof(ClientCertificatePath));
        }

        if (ClientKeyPassword is not null && ClientCertificatePath is null)
        {
            throw new ArgumentException("Tls.ClientKeyPassword is set without Tls.ClientCertificatePath (the file whose key it opens).", nameof(ClientKeyPassword));
        }

        if (CipherSuites is { Count: 0 })
        {
            throw new ArgumentException("Tls.CipherSuites is empty: list at least one suite, or leave it null for the operating system's policy.", nameof(CipherSuites));
        }

        if (CertificateRevocationListPath is not null && CertificateRevocation != TlsRevocationMode.Offline)
        {
            throw new ArgumentException(
                "Tls.CertificateRevocationListPath is read in offline mode only: set Tls.CertificateRevocation (certificateRevocation) to Offline, or remove the path.",
                nameof(CertificateRevocationListPath));
        }

        if (CertificateRevocation != TlsRevocationMode.Off && InsecureSkipCertificateChainCheck)
        {
            throw new ArgumentException(
                "Tls.CertificateRevocation checks the certificate chain that Tls.InsecureSkipCertificateChainCheck switches off: set one of them.",
                nameof(CertificateRevocation));
        }

        if (RemoteCertificateValidation is not null && IsInsecure)
        {
            throw new ArgumentException(
                "Tls.RemoteCertificateValidation decides alone whether a server certificate is accepted: it cannot be combined with Tls.InsecureSkipServerNameCheck or Tls.InsecureSkipCertificateChainCheck.",
                nameof(RemoteCertificateValidation));
        }
    }
}
