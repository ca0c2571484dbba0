namespace Multiplex;

/// <summary>
/// Whether, and from where, the server's certificate chain is checked for revoked certificates (see
/// <see cref="TlsOptions.CertificateRevocation"/>). Every certificate of the chain but the root is
/// checked. A certificate whose status cannot be learned is refused like a revoked one: a check that
/// lets unknown certificates through would let through exactly the ones an attacker keeps a responder
/// away from.
/// </summary>
public enum TlsRevocationMode
{
    /// <summary>No revocation check (the default).</summary>
    Off,

    /// <summary>
    /// The platform checks each certificate with its issuer's CRL (CRL distribution point) or OCSP
    /// responder (authority information access), fetched over the network at connect, and uses an OCSP
    /// response the server staples to its handshake where the platform supports it (Linux does).
    /// Responses are cached by the platform until they expire. When no source answers, the connect is
    /// refused: the status is unknown.
    /// </summary>
    Online,

    /// <summary>
    /// No network: the certificates are checked with the CRL file in
    /// <see cref="TlsOptions.CertificateRevocationListPath"/> when it is set; otherwise with what the
    /// platform has cached (CRLs and OCSP responses fetched by earlier online checks) and an OCSP
    /// response the server staples. A certificate with no such source is refused: the status is unknown.
    /// </summary>
    Offline,
}
