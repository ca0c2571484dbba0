using System.Security.Cryptography.X509Certificates;

namespace Multiplex.Tests.Connections;

/// <summary>A server chain checked against a CRL file: listed is revoked, a missing, foreign or stale list is an unknown status.</summary>
public sealed class CertificateRevocationListsTests
{
    private TestCertificateAuthority _authority = null!;
    private TestCertificateAuthority _other = null!;
    private X509Certificate2 _good = null!;
    private X509Certificate2 _revoked = null!;
    private string _path = null!;

    [OneTimeSetUp]
    public void CreateCertificates()
    {
        _authority = new TestCertificateAuthority("Multiplex CRL Root");
        _other = new TestCertificateAuthority("Multiplex CRL Other Root");
        _good = _authority.Issue("good.redis.test");
        _revoked = _authority.Issue("revoked.redis.test");
    }

    [OneTimeTearDown]
    public void DisposeCertificates()
    {
        _good.Dispose();
        _revoked.Dispose();
        _authority.Dispose();
        _other.Dispose();
    }

    [SetUp]
    public void CreatePath() => _path = Path.GetTempFileName();

    [TearDown]
    public void DeletePath() => File.Delete(_path);

    [Test]
    public void A_certificate_the_list_names_is_revoked_and_one_it_does_not_name_passes()
    {
        File.WriteAllText(_path, RevocationListFiles.Pem(_authority, [_revoked]));
        var lists = CertificateRevocationLists.Load(_path);

        Assert.Multiple(() =>
        {
            Assert.That(Check(lists, _good), Is.Null);
            Assert.That(Check(lists, _revoked), Does.Contain("'CN=revoked.redis.test'").And.Contain("is revoked").And.Contain(_path));
        });
    }

    [Test]
    public void A_DER_file_is_read_as_one_list()
    {
        File.WriteAllBytes(_path, RevocationListFiles.Der(_authority, [_revoked]));

        Assert.That(Check(CertificateRevocationLists.Load(_path), _revoked), Does.Contain("is revoked"));
    }

    [Test]
    public void Lists_of_several_authorities_in_one_PEM_file_are_all_read()
    {
        File.WriteAllText(_path, RevocationListFiles.Pem(_other, []) + "\n" + RevocationListFiles.Pem(_authority, [_revoked]));

        Assert.That(Check(CertificateRevocationLists.Load(_path), _revoked), Does.Contain("is revoked"));
    }

    [Test]
    public void Without_a_list_from_the_issuer_the_status_is_unknown()
    {
        File.WriteAllText(_path, RevocationListFiles.Pem(_other, []));

        Assert.That(Check(CertificateRevocationLists.Load(_path), _good), Does.Contain("is unknown").And.Contain("no list signed by its issuer 'CN=Multiplex CRL Root'"));
    }

    [Test]
    public void A_list_naming_the_issuer_but_signed_by_another_key_is_not_used()
    {
        // Same issuer name, another key: a forged list.
        using var impostor = new TestCertificateAuthority("Multiplex CRL Root");
        File.WriteAllText(_path, RevocationListFiles.Pem(impostor, []));

        Assert.That(Check(CertificateRevocationLists.Load(_path), _revoked), Does.Contain("no list signed by its issuer"));
    }

    [Test]
    public void A_list_past_its_next_update_gives_an_unknown_status()
    {
        File.WriteAllBytes(_path, RevocationListFiles.Der(_authority, [], nextUpdate: DateTimeOffset.UtcNow.AddHours(-1), thisUpdate: DateTimeOffset.UtcNow.AddDays(-2)));

        Assert.That(Check(CertificateRevocationLists.Load(_path), _good), Does.Contain("is not current").And.Contain("replace the file"));
    }

    [Test]
    public void A_file_without_a_list_is_refused_naming_the_setting()
    {
        File.WriteAllText(_path, _authority.Certificate.ExportCertificatePem());

        Assert.That(() => CertificateRevocationLists.Load(_path),
            Throws.InvalidOperationException.With.Message.Contains("Tls.CertificateRevocationListPath").And.Message.Contains("holds no certificate revocation list"));
    }

    private string? Check(CertificateRevocationLists lists, X509Certificate2 server)
    {
        using var chain = new X509Chain { ChainPolicy = TlsClientAuthentication.ServerChainPolicy([_authority.Certificate], X509RevocationMode.NoCheck) };
        Assert.That(chain.Build(server), Is.True, "the chain itself is trusted");
        return lists.FindProblem(chain, DateTimeOffset.UtcNow);
    }
}
