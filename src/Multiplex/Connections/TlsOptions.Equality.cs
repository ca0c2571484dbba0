using System.Text;

namespace Multiplex;

/// <summary>Value equality of <see cref="TlsOptions"/> (cipher suites compared element by element) and a <c>ToString</c> without the key's password.</summary>
public sealed partial record TlsOptions
{
    /// <summary>Whether every setting of <paramref name="other"/> equals this one's.</summary>
    /// <param name="other">The settings to compare with.</param>
    public bool Equals(TlsOptions? other) =>
        other is not null
        && Enabled == other.Enabled
        && ServerName == other.ServerName
        && Equals(TrustedCertificateAuthorities, other.TrustedCertificateAuthorities)
        && CaCertificatePath == other.CaCertificatePath
        && CaCertificateDirectory == other.CaCertificateDirectory
        && Equals(ClientCertificate, other.ClientCertificate)
        && ClientCertificatePath == other.ClientCertificatePath
        && ClientKeyPath == other.ClientKeyPath
        && ClientKeyPassword == other.ClientKeyPassword
        && (CipherSuites ?? []).SequenceEqual(other.CipherSuites ?? []) && (CipherSuites is null) == (other.CipherSuites is null)
        && RemoteCertificateValidation == other.RemoteCertificateValidation
        && EnabledProtocols == other.EnabledProtocols
        && CertificateRevocation == other.CertificateRevocation
        && CertificateRevocationListPath == other.CertificateRevocationListPath
        && InsecureSkipServerNameCheck == other.InsecureSkipServerNameCheck
        && InsecureSkipCertificateChainCheck == other.InsecureSkipCertificateChainCheck;

    /// <summary>A hash consistent with <see cref="Equals(TlsOptions?)"/>.</summary>
    public override int GetHashCode() => HashCode.Combine(Enabled, ServerName, CaCertificatePath, ClientCertificatePath, EnabledProtocols, InsecureSkipCertificateChainCheck);

    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("Enabled = ").Append(Enabled)
            .Append(", ServerName = ").Append(ServerName)
            .Append(", CaCertificatePath = ").Append(CaCertificatePath)
            .Append(", CaCertificateDirectory = ").Append(CaCertificateDirectory)
            .Append(", ClientCertificatePath = ").Append(ClientCertificatePath)
            .Append(", ClientKeyPath = ").Append(ClientKeyPath)
            .Append(", ClientKeyPassword = ").Append(ClientKeyPassword is null ? "null" : ConnectionStringWriter.RedactedPassword)
            .Append(", CipherSuites = ").Append(CipherSuites is null ? "null" : string.Join(":", CipherSuites))
            .Append(", EnabledProtocols = ").Append(EnabledProtocols)
            .Append(", CertificateRevocation = ").Append(CertificateRevocation)
            .Append(", CertificateRevocationListPath = ").Append(CertificateRevocationListPath)
            .Append(", InsecureSkipServerNameCheck = ").Append(InsecureSkipServerNameCheck)
            .Append(", InsecureSkipCertificateChainCheck = ").Append(InsecureSkipCertificateChainCheck);
        return true;
    }
}
