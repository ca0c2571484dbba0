using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Multiplex.Testing;

namespace Multiplex.IntegrationTests.Fixtures;

public sealed class SecureServerTests : ServerTestBase
{
    [Test]
    public async Task Secure_server_rejects_unauthenticated_commands()
    {
        var server = await SharedServers.SecureAsync();
        await using var connection = await RawRespConnection.ConnectAsync(server.Host, server.Port);

        Assert.That(await connection.CommandAsync(["GET", "key"]), Does.StartWith("-NOAUTH"));
    }

    [Test]
    public async Task Acl_user_authenticates_with_the_canary_password()
    {
        var server = await SharedServers.SecureAsync();
        await using var connection = await RawRespConnection.ConnectAsync(server.Host, server.Port);

        Assert.Multiple(async () =>
        {
            Assert.That(await connection.CommandAsync(["AUTH", SharedServers.SecureUserName, TestSecrets.Password]), Is.EqualTo("+OK"));
            Assert.That(await connection.CommandAsync(["ACL", "WHOAMI"]), Is.EqualTo(SharedServers.SecureUserName));
            Assert.That(await connection.CommandAsync(["AUTH", SharedServers.SecureUserName, "wrong"]), Does.StartWith("-WRONGPASS"));
        });
    }

    [Test]
    public async Task Tls_port_answers_ping_with_the_client_certificate()
    {
        var server = await SharedServers.SecureAsync();
        var certificates = server.Certificates!;

        var reply = await server.CliAsync(
            "-p", server.TlsPort!.Value.ToString(), "--tls", "--cacert", certificates.CaCertificatePath,
            "--cert", certificates.ClientCertificatePath, "--key", certificates.ClientKeyPath, "PING");

        Assert.That(reply.Trim(), Is.EqualTo("PONG"));
    }

    [Test]
    public async Task Tls_certificates_load_in_dotnet_and_complete_a_mutual_handshake()
    {
        var server = await SharedServers.SecureAsync();

        var reply = await PingOverTlsAsync(server, server.Certificates!.LoadClientCertificate());

        Assert.That(reply, Is.EqualTo("+PONG"));
    }

    [Test]
    public async Task Tls_connection_without_a_client_certificate_is_refused()
    {
        var server = await SharedServers.SecureAsync();

        string? reply;
        try
        {
            reply = await PingOverTlsAsync(server, clientCertificate: null);
        }
        catch (Exception exception) when (exception is IOException or System.Security.Authentication.AuthenticationException or SocketException)
        {
            reply = null;
        }

        Assert.That(reply, Is.Null.Or.Not.EqualTo("+PONG"));
    }

    [Test]
    public async Task Unix_socket_answers_ping()
    {
        var server = await SharedServers.SecureAsync();

        var reply = await server.CliAsync("-s", server.UnixSocketPath!, "PING");

        Assert.Multiple(() =>
        {
            Assert.That(File.Exists(server.UnixSocketPath), Is.True);
            Assert.That(reply.Trim(), Is.EqualTo("PONG"));
        });
    }

    private static async Task<string?> PingOverTlsAsync(RedisServer server, X509Certificate2? clientCertificate)
    {
        using var ca = server.Certificates!.LoadCaCertificate();
        using var client = new TcpClient();
        await client.ConnectAsync(server.Host, server.TlsPort!.Value);
        await using var tls = new SslStream(client.GetStream(), leaveInnerStreamOpen: false);
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = "localhost",
            ClientCertificates = clientCertificate is null ? null : [clientCertificate],
            CertificateChainPolicy = new X509ChainPolicy
            {
                TrustMode = X509ChainTrustMode.CustomRootTrust,
                CustomTrustStore = { ca },
                RevocationMode = X509RevocationMode.NoCheck,
            },
        });
        var password = Encoding.ASCII.GetBytes($"*2\r\n$4\r\nAUTH\r\n${TestSecrets.Password.Length}\r\n{TestSecrets.Password}\r\n*1\r\n$4\r\nPING\r\n");
        await tls.WriteAsync(password);
        using var reader = new StreamReader(tls, Encoding.ASCII);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var auth = await reader.ReadLineAsync(timeout.Token);
        return auth == "+OK" ? await reader.ReadLineAsync(timeout.Token) : auth;
    }
}
