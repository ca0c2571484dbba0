using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Multiplex;

/// <summary>
/// Says in words why a server certificate chain failed the revocation check of
/// <see cref="TlsOptions.CertificateRevocation"/>: a certificate revoked, or a status nobody could tell
/// (and what to change). Part of <see cref="TlsClientAuthentication.DescribeRefusal"/>.
/// </summary>
internal static class TlsRevocationRefusal
{
    private const X509ChainStatusFlags UnknownStatus = X509ChainStatusFlags.RevocationStatusUnknown | X509ChainStatusFlags.OfflineRevocation;

    /// <summary>Whether <paramref name="status"/> is a revocation finding rather than a trust problem.</summary>
    public static bool IsRevocationStatus(X509ChainStatusFlags status) =>
        status is X509ChainStatusFlags.Revoked or X509ChainStatusFlags.RevocationStatusUnknown or X509ChainStatusFlags.OfflineRevocation;

    /// <summary>The revocation reason <paramref name="chain"/> was refused for, or null when revocation was not the reason.</summary>
    /// <param name="chain">The chain the platform built; may be null.</param>
    /// <param name="errors">What the platform found wrong.</param>
    /// <param name="tls">The TLS settings (the mode and CRL file).</param>
    public static string? Describe(X509Chain? chain, SslPolicyErrors errors, TlsOptions tls)
    {
        if (tls.CertificateRevocation == TlsRevocationMode.Off || chain is null)
        {
            return null;
        }

        var findings = chain.ChainElements
            .Select(static element => (element.Certificate.Subject, element.ChainElementStatus.Aggregate(X509ChainStatusFlags.NoError, static (all, status) => all | status.Status)))
            .ToArray();
        if (DescribeFindings(findings, tls.CertificateRevocation) is { } finding)
        {
            return finding;
        }

        if ((errors & SslPolicyErrors.RemoteCertificateChainErrors) == 0 && tls.CertificateRevocationListPath is { } path)
        {
            try
            {
                return CertificateRevocationLists.Load(path).FindProblem(chain, DateTimeOffset.UtcNow);
            }
            catch (InvalidOperationException exception)
            {
                return exception.Message;
            }
        }

        return null;
    }

    /// <summary>
    /// The first revocation finding of a chain's certificates (leaf first) in words, or null when
    /// there is none.
    /// </summary>
    /// <param name="elements">Each certificate's subject and the platform's status flags for it.</param>
    /// <param name="mode">The mode the chain was checked in.</param>
    public static string? DescribeFindings(IReadOnlyList<(string Subject, X509ChainStatusFlags Status)> elements, TlsRevocationMode mode)
    {
        for (var index = 0; index < elements.Count; index++)
        {
            var (subject, found) = elements[index];
            var which = index == 0 ? "the server's certificate" : "the certificate";
            var where = index == 0 ? string.Empty : " in the server's chain";
            if ((found & X509ChainStatusFlags.Revoked) != 0)
            {
                return $"{which} '{subject}'{where} is revoked: its issuer's {(mode == TlsRevocationMode.Online ? "OCSP responder or CRL" : "cached CRL or OCSP response")} says so "
                    + "(Tls.CertificateRevocation); the server needs a new certificate";
            }

            if ((found & UnknownStatus) != 0)
            {
                return mode == TlsRevocationMode.Online
                    ? $"the revocation status of {which} '{subject}'{where} is unknown: neither its issuer's OCSP responder nor its CRL distribution point answered, and the server stapled no OCSP response; "
                        + "Tls.CertificateRevocation Online refuses what it cannot check: make the responder reachable from this machine, or use Offline with a CRL file (certificateRevocationListPath)"
                    : $"the revocation status of {which} '{subject}'{where} is unknown: this machine has no cached CRL or OCSP response for it and the server stapled none (Tls.CertificateRevocation Offline); "
                        + "set Tls.CertificateRevocationListPath (certificateRevocationListPath) to a CRL file from its issuer, or use Online";
            }
        }

        return null;
    }
}
