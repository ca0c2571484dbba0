using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Multiplex;

/// <summary>
/// Turns <see cref="TlsOptions"/> into the <see cref="SslClientAuthenticationOptions"/> for one
/// endpoint, reading certificate files, and validates server certificates against custom authorities.
/// </summary>
internal static class TlsClientAuthentication
{
    // id-kp-serverAuth (RFC 5280, 4.2.1.12): the leaf must be usable for TLS server authentication.
    private const string ServerAuthenticationOid = "1.3.6.1.5.5.7.3.1";

    /// <summary>Builds the options for a TLS handshake with <paramref name="endpoint"/>. Reads certificate files.</summary>
    public static SslClientAuthenticationOptions Create(TlsOptions tls, RedisEndpoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(tls);
        ArgumentNullException.ThrowIfNull(endpoint);
        string serverName = tls.ServerName ?? endpoint.Host
            ?? throw new ArgumentException($"TLS needs a server name; endpoint {endpoint} has no host.", nameof(endpoint));

        var options = new SslClientAuthenticationOptions
        {
            TargetHost = serverName,
            EnabledSslProtocols = tls.EnabledProtocols,
            CertificateRevocationCheckMode = tls.CheckCertificateRevocation ? X509RevocationMode.Online : X509RevocationMode.NoCheck,
        };

        X509Certificate2? clientCertificate = tls.ClientCertificate ?? LoadClientCertificate(tls);
        if (clientCertificate is not null)
        {
            options.ClientCertificates = [clientCertificate];
        }

        if (tls.RemoteCertificateValidation is not null)
        {
            options.RemoteCertificateValidationCallback = tls.RemoteCertificateValidation;
        }
        else if (tls.HasCustomTrust)
        {
            X509Certificate2Collection authorities = LoadAuthorities(tls);
            X509RevocationMode revocation = options.CertificateRevocationCheckMode;
            options.RemoteCertificateValidationCallback = (_, certificate, chain, errors) =>
                (errors & SslPolicyErrors.RemoteCertificateNotAvailable) == 0
                && (errors & SslPolicyErrors.RemoteCertificateNameMismatch) == 0
                && certificate is X509Certificate2 leaf
                && IsTrustedServerCertificate(leaf, chain, serverName, authorities, revocation);
        }

        return options;
    }

    /// <summary>
    /// Whether <paramref name="certificate"/> chains to one of <paramref name="authorities"/> (and
    /// to nothing else), is valid for server authentication, and matches <paramref name="serverName"/>.
    /// </summary>
    /// <param name="certificate">The server's leaf certificate.</param>
    /// <param name="presentedChain">The chain the server sent, whose intermediates are used; may be null.</param>
    /// <param name="serverName">The expected host name or IP address.</param>
    /// <param name="authorities">The only trusted roots.</param>
    /// <param name="revocation">Whether to check revocation.</param>
    public static bool IsTrustedServerCertificate(
        X509Certificate2 certificate,
        X509Chain? presentedChain,
        string serverName,
        X509Certificate2Collection authorities,
        X509RevocationMode revocation = X509RevocationMode.NoCheck)
    {
        if (!certificate.MatchesHostname(serverName))
        {
            return false;
        }

        using var chain = new X509Chain();
        X509ChainPolicy policy = chain.ChainPolicy;
        policy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        policy.CustomTrustStore.AddRange(authorities);
        policy.RevocationMode = revocation;
        policy.ApplicationPolicy.Add(new System.Security.Cryptography.Oid(ServerAuthenticationOid));
        if (presentedChain is not null)
        {
            // The intermediates the server sent: SslStream puts them in the chain's extra store.
            policy.ExtraStore.AddRange(presentedChain.ChainPolicy.ExtraStore);
            foreach (X509ChainElement element in presentedChain.ChainElements)
            {
                policy.ExtraStore.Add(element.Certificate);
            }
        }

        return chain.Build(certificate);
    }

    private static X509Certificate2Collection LoadAuthorities(TlsOptions tls)
    {
        var authorities = new X509Certificate2Collection();
        if (tls.TrustedCertificateAuthorities is not null)
        {
            authorities.AddRange(tls.TrustedCertificateAuthorities);
        }

        if (tls.CaCertificatePath is not null)
        {
            authorities.ImportFromPemFile(tls.CaCertificatePath);
        }

        return authorities;
    }

    private static X509Certificate2? LoadClientCertificate(TlsOptions tls)
    {
        string? path = tls.ClientCertificatePath;
        if (path is null)
        {
            return null;
        }

        string extension = Path.GetExtension(path);
        if (extension.Equals(".pfx", StringComparison.OrdinalIgnoreCase) || extension.Equals(".p12", StringComparison.OrdinalIgnoreCase))
        {
            return X509CertificateLoader.LoadPkcs12FromFile(path, password: null);
        }

        X509Certificate2 pem = X509Certificate2.CreateFromPemFile(path, tls.ClientKeyPath);

        // SChannel cannot use the ephemeral key of a PEM-loaded certificate; a PKCS#12 round trip
        // gives it a persisted one. Other platforms use the key as loaded.
        if (OperatingSystem.IsWindows())
        {
            using (pem)
            {
                return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), password: null);
            }
        }

        return pem;
    }
}
