using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Multiplex;

/// <summary>
/// The certificate revocation lists of <see cref="TlsOptions.CertificateRevocationListPath"/>, and the
/// check of a server's certificate chain against them. .NET's <see cref="X509Chain"/> takes no CRL from
/// the caller (on Linux it reads only the CRLs it downloaded and cached itself), so the lists are read
/// here. Format: RFC 5280, section 5 (https://www.rfc-editor.org/rfc/rfc5280#section-5).
/// </summary>
internal sealed class CertificateRevocationLists
{
    private const string PemLabel = "X509 CRL";

    // A DER file starts with the CertificateList SEQUENCE's tag (universal, constructed, 16).
    private const byte DerSequenceTag = 0x30;

    // RFC 5758 (ECDSA) and RFC 4055 (RSA PKCS#1 v1.5) signature algorithm identifiers.
    private static readonly Dictionary<string, (bool Ecdsa, HashAlgorithmName Hash)> SignatureAlgorithms = new(StringComparer.Ordinal)
    {
        ["1.2.840.10045.4.3.2"] = (true, HashAlgorithmName.SHA256),
        ["1.2.840.10045.4.3.3"] = (true, HashAlgorithmName.SHA384),
        ["1.2.840.10045.4.3.4"] = (true, HashAlgorithmName.SHA512),
        ["1.2.840.113549.1.1.11"] = (false, HashAlgorithmName.SHA256),
        ["1.2.840.113549.1.1.12"] = (false, HashAlgorithmName.SHA384),
        ["1.2.840.113549.1.1.13"] = (false, HashAlgorithmName.SHA512),
    };

    private readonly IReadOnlyList<RevocationList> _lists;
    private readonly string _path;

    private CertificateRevocationLists(string path, IReadOnlyList<RevocationList> lists)
    {
        _path = path;
        _lists = lists;
    }

    /// <summary>Reads the lists of a PEM file (<c>X509 CRL</c> blocks) or a DER file (one list).</summary>
    /// <exception cref="InvalidOperationException">The file cannot be read or holds no list; the message names the setting and the file.</exception>
    public static CertificateRevocationLists Load(string path)
    {
        try
        {
            byte[] bytes = File.ReadAllBytes(path);
            var lists = new List<RevocationList>();
            string text = System.Text.Encoding.ASCII.GetString(bytes);
            ReadOnlySpan<char> rest = text;
            while (PemEncoding.TryFind(rest, out PemFields fields))
            {
                if (rest[fields.Label].SequenceEqual(PemLabel))
                {
                    lists.Add(RevocationList.Parse(Convert.FromBase64String(rest[fields.Base64Data].ToString())));
                }

                rest = rest[fields.Location.End..];
            }

            if (lists.Count == 0 && bytes.Length > 0 && bytes[0] == DerSequenceTag)
            {
                lists.Add(RevocationList.Parse(bytes));
            }

            return lists.Count > 0
                ? new CertificateRevocationLists(path, lists)
                : throw new InvalidOperationException($"Tls.CertificateRevocationListPath '{path}' holds no certificate revocation list (PEM 'X509 CRL' blocks or one DER list).");
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or AsnContentException or FormatException or CryptographicException)
        {
            throw new InvalidOperationException($"Tls.CertificateRevocationListPath '{path}' could not be read: {exception.Message}", exception);
        }
    }

    /// <summary>
    /// Why <paramref name="chain"/> fails the lists, or null when every certificate but the root has a
    /// current list from its issuer that does not name it.
    /// </summary>
    /// <param name="chain">The built chain, leaf first.</param>
    /// <param name="now">The time the lists must be current at.</param>
    public string? FindProblem(X509Chain chain, DateTimeOffset now)
    {
        X509ChainElementCollection elements = chain.ChainElements;
        for (var index = 0; index + 1 < elements.Count; index++)
        {
            X509Certificate2 certificate = elements[index].Certificate;
            X509Certificate2 issuer = elements[index + 1].Certificate;
            RevocationList[] fromIssuer = [.. _lists.Where(list => list.IsIssuedBy(issuer))];
            if (fromIssuer.Length == 0)
            {
                return $"the revocation status of the certificate '{certificate.Subject}' is unknown: the file Tls.CertificateRevocationListPath ('{_path}') "
                    + $"holds no list signed by its issuer '{issuer.Subject}'";
            }

            RevocationList? current = fromIssuer.Where(list => list.ThisUpdate <= now && (list.NextUpdate is null || list.NextUpdate >= now))
                .MaxBy(list => list.ThisUpdate);
            if (current is null)
            {
                DateTimeOffset? expired = fromIssuer.Max(list => list.NextUpdate);
                return $"the revocation status of the certificate '{certificate.Subject}' is unknown: the list from '{issuer.Subject}' in Tls.CertificateRevocationListPath ('{_path}') "
                    + $"is not current (next update {expired:u}); replace the file with a newer list";
            }

            if (current.Revokes(certificate))
            {
                return $"the certificate '{certificate.Subject}' (serial {certificate.SerialNumber}) is revoked: the list from '{issuer.Subject}' in Tls.CertificateRevocationListPath ('{_path}') names it";
            }
        }

        return null;
    }

    /// <summary>One list: its issuer, validity, revoked serial numbers and signed part.</summary>
    private sealed class RevocationList
    {
        private readonly byte[] _issuerName;
        private readonly HashSet<string> _revokedSerials;
        private readonly byte[] _signedPart;
        private readonly string _signatureAlgorithm;
        private readonly byte[] _signature;

        private RevocationList(byte[] issuerName, DateTimeOffset thisUpdate, DateTimeOffset? nextUpdate,
            HashSet<string> revokedSerials, byte[] signedPart, string signatureAlgorithm, byte[] signature)
        {
            _issuerName = issuerName;
            ThisUpdate = thisUpdate;
            NextUpdate = nextUpdate;
            _revokedSerials = revokedSerials;
            _signedPart = signedPart;
            _signatureAlgorithm = signatureAlgorithm;
            _signature = signature;
        }

        public DateTimeOffset ThisUpdate { get; }

        public DateTimeOffset? NextUpdate { get; }

        /// <summary>
        /// CertificateList ::= SEQUENCE { tbsCertList, signatureAlgorithm, signatureValue BIT STRING };
        /// TBSCertList ::= SEQUENCE { version INTEGER OPTIONAL, signature, issuer Name, thisUpdate Time,
        /// nextUpdate Time OPTIONAL, revokedCertificates SEQUENCE OF SEQUENCE { userCertificate INTEGER,
        /// revocationDate Time, crlEntryExtensions OPTIONAL } OPTIONAL, crlExtensions [0] OPTIONAL }.
        /// </summary>
        public static RevocationList Parse(byte[] der)
        {
            var outer = new AsnReader(der, AsnEncodingRules.DER).ReadSequence();
            byte[] signedPart = outer.ReadEncodedValue().ToArray();
            string signatureAlgorithm = outer.ReadSequence().ReadObjectIdentifier();
            byte[] signature = outer.ReadBitString(out _);

            var tbs = new AsnReader(signedPart, AsnEncodingRules.DER).ReadSequence();
            if (tbs.PeekTag().HasSameClassAndValue(Asn1Tag.Integer))
            {
                tbs.ReadInteger();
            }

            tbs.ReadSequence();
            byte[] issuerName = tbs.ReadEncodedValue().ToArray();
            DateTimeOffset thisUpdate = ReadTime(tbs);
            DateTimeOffset? nextUpdate = tbs.HasData && IsTime(tbs.PeekTag()) ? ReadTime(tbs) : null;
            var revoked = new HashSet<string>(StringComparer.Ordinal);
            if (tbs.HasData && tbs.PeekTag().HasSameClassAndValue(Asn1Tag.Sequence))
            {
                AsnReader entries = tbs.ReadSequence();
                while (entries.HasData)
                {
                    AsnReader entry = entries.ReadSequence();
                    revoked.Add(Convert.ToHexString(entry.ReadIntegerBytes().Span));
                    ReadTime(entry);
                    if (entry.HasData)
                    {
                        RefuseCriticalExtensions(entry.ReadSequence(), "an entry");
                    }
                }
            }

            if (tbs.HasData)
            {
                RefuseCriticalExtensions(tbs.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 0)).ReadSequence(), "the list");
            }

            return new RevocationList(issuerName, thisUpdate, nextUpdate, revoked, signedPart, signatureAlgorithm, signature);
        }

        /// <summary>Whether <paramref name="issuer"/> is named as this list's issuer and its key verifies the list's signature.</summary>
        public bool IsIssuedBy(X509Certificate2 issuer)
        {
            if (!issuer.SubjectName.RawData.AsSpan().SequenceEqual(_issuerName)
                || !SignatureAlgorithms.TryGetValue(_signatureAlgorithm, out var algorithm))
            {
                return false;
            }

            if (algorithm.Ecdsa)
            {
                using ECDsa? ecdsa = issuer.GetECDsaPublicKey();
                return ecdsa is not null && ecdsa.VerifyData(_signedPart, _signature, algorithm.Hash, DSASignatureFormat.Rfc3279DerSequence);
            }

            using RSA? rsa = issuer.GetRSAPublicKey();
            return rsa is not null && rsa.VerifyData(_signedPart, _signature, algorithm.Hash, RSASignaturePadding.Pkcs1);
        }

        public bool Revokes(X509Certificate2 certificate) => _revokedSerials.Contains(Convert.ToHexString(certificate.SerialNumberBytes.Span));

        private static bool IsTime(Asn1Tag tag) =>
            tag.HasSameClassAndValue(Asn1Tag.UtcTime) || tag.HasSameClassAndValue(Asn1Tag.GeneralizedTime);

        private static DateTimeOffset ReadTime(AsnReader reader) =>
            reader.PeekTag().HasSameClassAndValue(Asn1Tag.UtcTime) ? reader.ReadUtcTime() : reader.ReadGeneralizedTime();

        /// <summary>
        /// A critical extension this reader does not interpret (a delta list, a partial scope, an indirect
        /// issuer) would change what the list means (RFC 5280, 5.2 and 5.3), so such a list is not used.
        /// </summary>
        private static void RefuseCriticalExtensions(AsnReader extensions, string where)
        {
            while (extensions.HasData)
            {
                AsnReader extension = extensions.ReadSequence();
                string oid = extension.ReadObjectIdentifier();
                if (extension.PeekTag().HasSameClassAndValue(Asn1Tag.Boolean) && extension.ReadBoolean())
                {
                    throw new FormatException($"{where} has the critical extension {oid}, which Multiplex does not read (delta and partial lists are not supported)");
                }
            }
        }
    }
}
