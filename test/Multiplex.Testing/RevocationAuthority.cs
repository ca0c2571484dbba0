using System.Globalization;
using System.Security.Cryptography;
using Multiplex.Testing.Processes;

namespace Multiplex.Testing;

/// <summary>
/// A throwaway certificate authority with OpenSSL's CA database (<c>index.txt</c>), an
/// <c>openssl ocsp</c> responder on a free port, a CRL, and three redis-servers with TLS whose
/// certificates it issued: one good, one revoked, and one whose OCSP address nobody answers. The
/// server certificates carry the responder's address (authority information access) and no CRL
/// distribution point, so an online check asks the responder and the CRL is only read from its file.
/// Each fixture has its own CA name and random serial numbers, so the OCSP and CRL responses .NET
/// caches on disk (<c>~/.dotnet/corefx/cryptography</c>) from one run never answer for another.
/// </summary>
/// <remarks>
/// <c>openssl ocsp -port</c> has no bind address: the responder listens on every interface while the
/// fixture lives; clients reach it on 127.0.0.1 only. It is killed on dispose and when the test host
/// exits. It serves one connection at a time: a client that connects and sends nothing stalls it.
/// </remarks>
public sealed class RevocationAuthority : IAsyncDisposable
{
    private const int MaxStartAttempts = 3;
    private const string Days = "2";

    // The responder's answers are valid for a minute (nextUpdate), so a cached one never outlives a run by much.
    private const string ResponseMinutes = "1";

    // What openssl ocsp prints once its port is bound, and how much of its log holds it.
    private const string ListeningLine = "waiting for OCSP client connections";
    private const int ResponderLogLines = 5;

    private static readonly TimeSpan ResponderReadyTimeout = TimeSpan.FromSeconds(10);

    private readonly string _directory;
    private readonly ServerProcess _responder;
    private readonly List<ServerProcess> _stapling = [];

    private RevocationAuthority(string directory, ServerProcess responder, int responderPort)
    {
        _directory = directory;
        _responder = responder;
        ResponderPort = responderPort;
    }

    /// <summary>The CA certificate (PEM) that issued every server certificate.</summary>
    public string CaCertificatePath => Path.Combine(_directory, "ca.crt");

    /// <summary>The CA's CRL (PEM), made after the revoked certificate was revoked.</summary>
    public string RevocationListPath => Path.Combine(_directory, "ca.crl");

    /// <summary>The loopback port of the OCSP responder.</summary>
    public int ResponderPort { get; }

    /// <summary>A server whose certificate the responder and the CRL call good.</summary>
    public RedisServer GoodServer { get; private set; } = null!;

    /// <summary>A server whose certificate the responder and the CRL call revoked.</summary>
    public RedisServer RevokedServer { get; private set; } = null!;

    /// <summary>
    /// A server whose certificate points to an OCSP address where nothing listens; the CRL calls it
    /// good. No online check of it can succeed, so nothing about it is ever cached.
    /// </summary>
    public RedisServer UnreachableResponderServer { get; private set; } = null!;

    /// <summary>The subject of the revoked server's certificate, as .NET writes it.</summary>
    public const string RevokedSubject = "CN=multiplex-revocation-revoked";

    /// <summary>The subject of the certificate a stapling server presents.</summary>
    public const string StapledSubject = "CN=multiplex-revocation-stapled";

    /// <summary>The subject of the certificate whose responder does not answer.</summary>
    public const string UnreachableSubject = "CN=multiplex-revocation-unreachable";

    /// <summary>Makes the CA and certificates, starts the responder and the three servers.</summary>
    public static async Task<RevocationAuthority> StartAsync(CancellationToken cancellationToken = default)
    {
        var directory = FixtureDirectory.Create("revocation");
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                var port = FreePorts.Next();
                await CreateAuthorityAsync(directory, port, FreePorts.Next(), cancellationToken);
                var responder = new ServerProcess(
                    string.Create(CultureInfo.InvariantCulture, $"ocsp-{port}"), "openssl",
                    ["ocsp", "-index", "index.txt", "-port", port.ToString(CultureInfo.InvariantCulture), "-rsigner", "ocsp.crt",
                        "-rkey", "ocsp.key", "-CA", "ca.crt", "-nmin", ResponseMinutes, "-ignore_err"],
                    directory);
                responder.Start();
                try
                {
                    await responder.WaitUntilReadyAsync(_ => Task.FromResult(IsListening(responder)), ResponderReadyTimeout, cancellationToken);
                }
                catch (FixtureStartException) when (attempt < MaxStartAttempts)
                {
                    // Another process took the port: the certificates name it, so make them again.
                    await responder.StopAsync();
                    continue;
                }

                var authority = new RevocationAuthority(directory, responder, port);
                try
                {
                    authority.GoodServer = await authority.StartServerAsync("good", cancellationToken);
                    authority.RevokedServer = await authority.StartServerAsync("revoked", cancellationToken);
                    authority.UnreachableResponderServer = await authority.StartServerAsync("unreachable", cancellationToken);
                    return authority;
                }
                catch
                {
                    await authority.DisposeAsync();
                    throw;
                }
            }
        }
        catch
        {
            FixtureDirectory.TryDelete(directory);
            throw;
        }
    }

    /// <summary>
    /// Starts an <c>openssl s_server</c> on loopback that staples the responder's "good" answer to its
    /// handshake, with a certificate whose own OCSP address nobody answers (redis-server 7.0 does not
    /// staple). It speaks TLS only, not RESP. Returns its port; it stops with the fixture.
    /// </summary>
    public async Task<int> StartStaplingServerAsync(CancellationToken cancellationToken = default)
    {
        for (var attempt = 1; ; attempt++)
        {
            var port = FreePorts.Next();
            var server = new ServerProcess(
                string.Create(CultureInfo.InvariantCulture, $"s_server-{port}"), "openssl",
                ["s_server", "-accept", string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{port}"), "-cert", "stapled.crt", "-key", "stapled.key",
                    "-status_file", "stapled.ocsp", "-www"],
                _directory);
            server.Start();
            _stapling.Add(server);
            try
            {
                await server.WaitUntilReadyAsync(_ => Task.FromResult(LogTail.Read(server.LogPath, ResponderLogLines).Contains("ACCEPT", StringComparison.Ordinal)),
                    ResponderReadyTimeout, cancellationToken);
                return port;
            }
            catch (FixtureStartException) when (attempt < MaxStartAttempts)
            {
                await server.StopAsync();
            }
        }
    }

    /// <summary>Stops the servers and the responder and deletes the files.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var stapling in _stapling)
        {
            await stapling.StopAsync();
        }

        foreach (var server in new[] { GoodServer, RevokedServer, UnreachableResponderServer })
        {
            if (server is not null)
            {
                await server.DisposeAsync();
            }
        }

        await _responder.StopAsync();
        FixtureDirectory.TryDelete(_directory);
    }

    private Task<RedisServer> StartServerAsync(string name, CancellationToken cancellationToken)
    {
        // TlsCertificates' layout: the CA beside the server's certificate and key.
        var files = Path.Combine(_directory, name);
        Directory.CreateDirectory(files);
        File.Copy(CaCertificatePath, Path.Combine(files, "ca.crt"));
        File.Copy(Path.Combine(_directory, name + ".crt"), Path.Combine(files, "server.crt"));
        File.Copy(Path.Combine(_directory, name + ".key"), Path.Combine(files, "server.key"));
        return RedisServer.StartCoreAsync(new RedisServerOptions { Tls = true }, "redis-" + name, _directory, [],
            clusterBus: false, new TlsCertificates(files), cancellationToken);
    }

    private static async Task CreateAuthorityAsync(string directory, int responderPort, int deadPort, CancellationToken cancellationToken)
    {
        foreach (var file in Directory.EnumerateFileSystemEntries(directory))
        {
            if (Directory.Exists(file))
            {
                Directory.Delete(file, recursive: true);
            }
            else
            {
                File.Delete(file);
            }
        }

        Directory.CreateDirectory(Path.Combine(directory, "issued"));
        await File.WriteAllTextAsync(Path.Combine(directory, "index.txt"), string.Empty, cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(directory, "serial"), Convert.ToHexString(RandomNumberGenerator.GetBytes(8)) + "\n", cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(directory, "crlnumber"), "01\n", cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(directory, "ca.cnf"), Configuration(responderPort, deadPort), cancellationToken);

        await OpenSslAsync(directory, cancellationToken,
            "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-keyout", "ca.key", "-out", "ca.crt", "-days", Days, "-subj", $"/CN=Multiplex Revocation Test CA {Guid.NewGuid():N}");
        await IssueAsync(directory, "ocsp", "ocsp_signer", cancellationToken);
        await IssueAsync(directory, "good", "server_answered", cancellationToken);
        await IssueAsync(directory, "revoked", "server_answered", cancellationToken);
        await IssueAsync(directory, "unreachable", "server_unanswered", cancellationToken);
        await IssueAsync(directory, "stapled", "server_unanswered", cancellationToken);
        await OpenSslAsync(directory, cancellationToken, "ca", "-config", "ca.cnf", "-revoke", "revoked.crt", "-crl_reason", "keyCompromise");
        await OpenSslAsync(directory, cancellationToken, "ca", "-config", "ca.cnf", "-gencrl", "-out", "ca.crl");

        // The responder's answer for the stapled certificate, made without the network, for a server to staple.
        await OpenSslAsync(directory, cancellationToken,
            "ocsp", "-index", "index.txt", "-rsigner", "ocsp.crt", "-rkey", "ocsp.key", "-CA", "ca.crt",
            "-issuer", "ca.crt", "-cert", "stapled.crt", "-respout", "stapled.ocsp", "-nmin", ResponseMinutes);
    }

    private static async Task IssueAsync(string directory, string name, string extensions, CancellationToken cancellationToken)
    {
        await OpenSslAsync(directory, cancellationToken,
            "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-keyout", name + ".key", "-out", name + ".csr", "-subj", "/CN=multiplex-revocation-" + name);
        await OpenSslAsync(directory, cancellationToken,
            "ca", "-batch", "-config", "ca.cnf", "-extensions", extensions, "-in", name + ".csr", "-out", name + ".crt", "-notext");
    }

    /// <summary>An <c>openssl ca</c> configuration: the database files, and the extensions of each kind of certificate.</summary>
    private static string Configuration(int responderPort, int deadPort) => string.Create(CultureInfo.InvariantCulture, $"""
        [ca]
        default_ca = fixture_ca

        [fixture_ca]
        dir = .
        database = ./index.txt
        new_certs_dir = ./issued
        serial = ./serial
        crlnumber = ./crlnumber
        certificate = ./ca.crt
        private_key = ./ca.key
        default_md = sha256
        default_days = {Days}
        default_crl_days = 1
        policy = any_name
        unique_subject = no
        copy_extensions = none

        [any_name]
        commonName = supplied

        [server_answered]
        subjectAltName = IP:127.0.0.1,DNS:localhost
        extendedKeyUsage = serverAuth
        authorityInfoAccess = OCSP;URI:http://127.0.0.1:{responderPort}

        [server_unanswered]
        subjectAltName = IP:127.0.0.1,DNS:localhost
        extendedKeyUsage = serverAuth
        authorityInfoAccess = OCSP;URI:http://127.0.0.1:{deadPort}

        [ocsp_signer]
        extendedKeyUsage = OCSPSigning

        """);

    /// <summary>
    /// Whether the responder says it listens. It is not probed by connecting: <c>openssl ocsp</c> serves
    /// one connection at a time, and one closed without a request leaves it waiting for good.
    /// </summary>
    private static bool IsListening(ServerProcess responder) =>
        LogTail.Read(responder.LogPath, ResponderLogLines).Contains(ListeningLine, StringComparison.Ordinal);

    private static Task<string> OpenSslAsync(string directory, CancellationToken cancellationToken, params string[] arguments) =>
        ToolRunner.RunAsync("openssl", arguments, directory, cancellationToken);
}
