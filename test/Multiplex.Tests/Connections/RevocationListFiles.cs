using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Multiplex.Tests.Connections;

/// <summary>Certificate revocation lists signed by a <see cref="TestCertificateAuthority"/>, made in memory with .NET's builder.</summary>
internal static class RevocationListFiles
{
    /// <summary>A DER list from <paramref name="authority"/> naming <paramref name="revoked"/>, current unless <paramref name="nextUpdate"/> says otherwise.</summary>
    public static byte[] Der(TestCertificateAuthority authority, X509Certificate2[] revoked, DateTimeOffset? nextUpdate = null, DateTimeOffset? thisUpdate = null)
    {
        var builder = new CertificateRevocationListBuilder();
        foreach (X509Certificate2 certificate in revoked)
        {
            builder.AddEntry(certificate, DateTimeOffset.UtcNow.AddMinutes(-5));
        }

        DateTimeOffset from = thisUpdate ?? DateTimeOffset.UtcNow.AddMinutes(-10);
        return builder.Build(authority.Certificate, BigInteger.One, nextUpdate ?? DateTimeOffset.UtcNow.AddDays(1), HashAlgorithmName.SHA256, thisUpdate: from);
    }

    /// <summary>The same list as PEM (<c>X509 CRL</c>).</summary>
    public static string Pem(TestCertificateAuthority authority, X509Certificate2[] revoked, DateTimeOffset? nextUpdate = null) =>
        PemEncoding.WriteString("X509 CRL", Der(authority, revoked, nextUpdate));
}
