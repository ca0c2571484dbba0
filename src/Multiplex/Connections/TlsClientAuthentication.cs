using System.Net;
using System.Net.Security;
using System.Runtime.CompilerServices;
using System.Security.Cryptography.X509Certificates;

namespace Multiplex;

/// <summary>
/// Turns <see cref="TlsOptions"/> into the <see cref="SslClientAuthenticationOptions"/> for one
/// endpoint, reading certificate files, validates server certificates against custom authorities, and
/// says in words why a server certificate was refused.
/// </summary>
internal static class TlsClientAuthentication
{
    // id-kp-serverAuth (RFC 5280, 4.2.1.12): the leaf must be usable for TLS server authentication.
    private const string ServerAuthenticationOid = "1.3.6.1.5.5.7.3.1";

    // id-ce-subjectAltName (RFC 5280, 4.2.1.6): the names a certificate is valid for.
    private const string SubjectAlternativeNameOid = "2.5.29.17";

    /// <summary>
    /// Builds the options for a TLS handshake with <paramref name="endpoint"/>. Reads certificate files.
    /// Custom authorities and the revocation mode go into the chain policy, so the platform builds the one
    /// chain (and uses an OCSP response the server staples) under either kind of trust.
    /// </summary>
    /// <param name="tls">The TLS settings.</param>
    /// <param name="endpoint">The server.</param>
    /// <param name="revocationTimeout">
    /// How long each download of an online revocation check (a CRL, an OCSP response) may take; the
    /// connect timeout, since the platform builds the chain synchronously inside the handshake, where
    /// cancellation does not reach. Null: the platform's default.
    /// </param>
    public static SslClientAuthenticationOptions Create(TlsOptions tls, RedisEndpoint endpoint, TimeSpan? revocationTimeout = null)
    {
        ArgumentNullException.ThrowIfNull(tls);
        ArgumentNullException.ThrowIfNull(endpoint);
        string serverName = tls.ServerName ?? endpoint.Host
            ?? throw new ArgumentException($"TLS needs a server name; endpoint {endpoint} has no host.", nameof(endpoint));

        X509RevocationMode revocation = PlatformRevocationMode(tls);
        var options = new SslClientAuthenticationOptions
        {
            TargetHost = serverName,
            EnabledSslProtocols = tls.EnabledProtocols,
            CertificateRevocationCheckMode = revocation,
        };

        if (tls.CipherSuites is { } suites)
        {
            if (OperatingSystem.IsWindows())
            {
                throw new PlatformNotSupportedException("Tls.CipherSuites cannot be applied on Windows (.NET's CipherSuitesPolicy is not supported there); leave it null to use the operating system's policy.");
            }

            options.CipherSuitesPolicy = new CipherSuitesPolicy(suites);
        }

        X509Certificate2? clientCertificate = tls.ClientCertificate ?? LoadClientCertificate(tls);
        if (clientCertificate is not null)
        {
            options.ClientCertificates = [clientCertificate];
        }

        if (tls.RemoteCertificateValidation is not null)
        {
            options.RemoteCertificateValidationCallback = tls.RemoteCertificateValidation;
            return options;
        }

        if (tls.HasCustomTrust)
        {
            options.CertificateChainPolicy = ServerChainPolicy(LoadAuthorities(tls), revocation);
        }
        else if (revocation == X509RevocationMode.Online && revocationTimeout is not null)
        {
            options.CertificateChainPolicy = new X509ChainPolicy { RevocationMode = revocation, RevocationFlag = X509RevocationFlag.ExcludeRoot };
            options.CertificateChainPolicy.ApplicationPolicy.Add(new System.Security.Cryptography.Oid(ServerAuthenticationOid));
        }

        if (revocation == X509RevocationMode.Online && revocationTimeout is { } timeout && options.CertificateChainPolicy is { } policy)
        {
            policy.UrlRetrievalTimeout = timeout;
        }

        CertificateRevocationLists? lists = RevocationListsOf(tls);
        if (tls.IsInsecure || lists is not null)
        {
            var checkName = !tls.InsecureSkipServerNameCheck;
            var checkChain = !tls.InsecureSkipCertificateChainCheck;
            options.RemoteCertificateValidationCallback = (_, certificate, chain, errors) =>
            {
                if ((errors & SslPolicyErrors.RemoteCertificateNotAvailable) != 0 || certificate is null)
                {
                    return false;
                }

                if (checkName && (errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
                {
                    return false;
                }

                if (!checkChain)
                {
                    return true;
                }

                return (errors & SslPolicyErrors.RemoteCertificateChainErrors) == 0
                    && (lists is null || (chain is not null && lists.FindProblem(chain, DateTimeOffset.UtcNow) is null));
            };
        }

        return options;
    }

    /// <summary>
    /// The policy the server's chain is built with under custom trust: only <paramref name="authorities"/>
    /// are roots, the leaf must be valid for server authentication, and revocation is checked as asked.
    /// </summary>
    /// <param name="authorities">The only trusted roots.</param>
    /// <param name="revocation">The platform's revocation mode.</param>
    public static X509ChainPolicy ServerChainPolicy(X509Certificate2Collection authorities, X509RevocationMode revocation)
    {
        var policy = new X509ChainPolicy
        {
            TrustMode = X509ChainTrustMode.CustomRootTrust,
            RevocationMode = revocation,
            RevocationFlag = X509RevocationFlag.ExcludeRoot,
        };
        policy.CustomTrustStore.AddRange(authorities);
        policy.ApplicationPolicy.Add(new System.Security.Cryptography.Oid(ServerAuthenticationOid));
        return policy;
    }

    /// <summary>
    /// The platform's part of <see cref="TlsOptions.CertificateRevocation"/>: none when off, or when a
    /// CRL file decides alone (offline with <see cref="TlsOptions.CertificateRevocationListPath"/>).
    /// </summary>
    private static X509RevocationMode PlatformRevocationMode(TlsOptions tls) => tls.CertificateRevocation switch
    {
        TlsRevocationMode.Online => X509RevocationMode.Online,
        TlsRevocationMode.Offline when tls.CertificateRevocationListPath is null => X509RevocationMode.Offline,
        _ => X509RevocationMode.NoCheck,
    };

    /// <summary>The lists of the CRL file when it decides revocation; null otherwise.</summary>
    private static CertificateRevocationLists? RevocationListsOf(TlsOptions tls) =>
        tls.CertificateRevocation == TlsRevocationMode.Offline && tls.CertificateRevocationListPath is { } path
            ? CertificateRevocationLists.Load(path)
            : null;

    /// <summary>
    /// Wraps the certificate check of <paramref name="options"/> (its callback, or the system's rule
    /// when it has none: no policy error) so that when it refuses the server's certificate,
    /// <paramref name="refusal"/> receives why, in words (see <see cref="DescribeRefusal"/>). What is
    /// accepted does not change.
    /// </summary>
    /// <param name="options">The options made by <see cref="Create"/>; its callback is replaced.</param>
    /// <param name="tls">The TLS settings they were made from.</param>
    /// <param name="refusal">Receives the reason when the certificate is refused.</param>
    public static void ExplainRefusals(SslClientAuthenticationOptions options, TlsOptions tls, StrongBox<string?> refusal)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(tls);
        ArgumentNullException.ThrowIfNull(refusal);
        RemoteCertificateValidationCallback? decide = options.RemoteCertificateValidationCallback;
        string serverName = options.TargetHost ?? string.Empty;
        options.RemoteCertificateValidationCallback = (sender, certificate, chain, errors) =>
        {
            var accepted = decide is null ? errors == SslPolicyErrors.None : decide(sender, certificate, chain, errors);
            if (!accepted)
            {
                refusal.Value = DescribeRefusal(certificate as X509Certificate2, chain, errors, serverName, tls);
            }

            return accepted;
        };
    }

    /// <summary>
    /// Why a server certificate was refused, in words that say what to change: a name it does not carry
    /// (with the names it does), a chain the trusted authorities did not issue, a revoked certificate or
    /// one whose revocation status is unknown, or a custom callback's refusal. Certificates carry no
    /// secrets, so their names may be quoted.
    /// </summary>
    /// <param name="certificate">The server's certificate; null when it sent none.</param>
    /// <param name="chain">The chain the platform built; may be null.</param>
    /// <param name="errors">What the platform found wrong.</param>
    /// <param name="serverName">The name the certificate was checked against.</param>
    /// <param name="tls">The TLS settings (which trust applied).</param>
    public static string DescribeRefusal(X509Certificate2? certificate, X509Chain? chain, SslPolicyErrors errors, string serverName, TlsOptions tls)
    {
        ArgumentNullException.ThrowIfNull(tls);
        if (certificate is null || (errors & SslPolicyErrors.RemoteCertificateNotAvailable) != 0)
        {
            return "the server sent no certificate.";
        }

        var nameMismatch = (errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0;
        var reasons = new List<string>();
        if (nameMismatch)
        {
            reasons.Add($"the server's certificate does not match the name '{serverName}' (certificate names: {string.Join(", ", CertificateNames(certificate))}); "
                + "set Tls.ServerName (serverName or sslHost) to one of them, or connect by one of them");
        }

        if (tls.RemoteCertificateValidation is not null)
        {
            var details = reasons.Count > 0 ? ": " + string.Join("; ", reasons) : $" (platform checks: {errors})";
            return $"the Tls.RemoteCertificateValidation callback refused the server's certificate{details}.";
        }

        var chainErrors = (errors & SslPolicyErrors.RemoteCertificateChainErrors) != 0;
        var trustProblems = chain is null
            ? chainErrors
            : chain.ChainStatus.Any(static status => !TlsRevocationRefusal.IsRevocationStatus(status.Status));
        if (TlsRevocationRefusal.Describe(chain, errors, tls) is { } revocation)
        {
            reasons.Add(revocation);
        }

        if (tls.HasCustomTrust)
        {
            if (!nameMismatch && trustProblems)
            {
                reasons.Add("the server's certificate was not issued (for server authentication) by the trusted authorities "
                    + "(Tls.TrustedCertificateAuthorities, Tls.CaCertificatePath)");
            }
        }
        else if (chainErrors && trustProblems)
        {
            reasons.Add($"the server's certificate chain is not trusted by this machine ({ChainProblems(chain)}); "
                + "set Tls.CaCertificatePath (caCertificatePath) to the authority that issued it");
        }

        return reasons.Count > 0 ? string.Join("; and ", reasons) + "." : $"the server's certificate was refused ({errors}).";
    }

    /// <summary>The DNS names and IP addresses of the certificate's subject alternative names, or its common name when it has none.</summary>
    private static IEnumerable<string> CertificateNames(X509Certificate2 certificate)
    {
        var names = new List<string>();
        foreach (X509Extension extension in certificate.Extensions)
        {
            if (extension.Oid?.Value != SubjectAlternativeNameOid)
            {
                continue;
            }

            var alternativeNames = extension as X509SubjectAlternativeNameExtension ?? new X509SubjectAlternativeNameExtension(extension.RawData, extension.Critical);
            names.AddRange(alternativeNames.EnumerateDnsNames());
            names.AddRange(alternativeNames.EnumerateIPAddresses().Select(static (IPAddress address) => address.ToString()));
        }

        if (names.Count == 0)
        {
            names.Add("CN=" + certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false));
        }

        return names;
    }

    private static string ChainProblems(X509Chain? chain) =>
        chain is null || chain.ChainStatus.Length == 0
            ? "no chain status"
            : string.Join(", ", chain.ChainStatus.Select(static status => status.Status).Distinct());

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

        if (tls.CaCertificateDirectory is { } directory)
        {
            var before = authorities.Count;
            foreach (var file in Directory.EnumerateFiles(directory).Order(StringComparer.Ordinal))
            {
                if (IsCertificateFileName(file) && File.ReadAllText(file).Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal))
                {
                    authorities.ImportFromPemFile(file);
                }
            }

            if (authorities.Count == before)
            {
                throw new InvalidOperationException($"Tls.CaCertificateDirectory '{directory}' holds no PEM certificate (*.pem, *.crt, *.cer or hashed names such as a1b2c3d4.0).");
            }
        }

        return authorities;
    }

    /// <summary>The names a CA directory's certificates go by: <c>*.pem</c>, <c>*.crt</c>, <c>*.cer</c>, or OpenSSL's <c>hash.N</c>.</summary>
    private static bool IsCertificateFileName(string path)
    {
        var extension = Path.GetExtension(path);
        return extension.Equals(".pem", StringComparison.OrdinalIgnoreCase)
            || extension.Equals(".crt", StringComparison.OrdinalIgnoreCase)
            || extension.Equals(".cer", StringComparison.OrdinalIgnoreCase)
            || (extension.Length > 1 && extension[1..].All(char.IsAsciiDigit));
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
            return X509CertificateLoader.LoadPkcs12FromFile(path, tls.ClientKeyPassword);
        }

        X509Certificate2 pem = tls.ClientKeyPassword is { } password
            ? X509Certificate2.CreateFromEncryptedPemFile(path, password, tls.ClientKeyPath)
            : X509Certificate2.CreateFromPemFile(path, tls.ClientKeyPath);

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
