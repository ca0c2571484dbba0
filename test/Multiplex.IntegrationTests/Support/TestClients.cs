using Microsoft.Extensions.Logging;
using Multiplex.Testing;

namespace Multiplex.IntegrationTests.Support;

/// <summary>Connects clients to the shared fixture servers.</summary>
public static class TestClients
{
    public static async Task<RedisClient> ConnectAsync(ServerKind kind, Func<RedisClientOptions, RedisClientOptions>? configure = null)
    {
        var options = kind switch
        {
            ServerKind.RedisResp3 => OptionsFor((await SharedServers.StandaloneAsync()).Port),
            ServerKind.RedisResp2 => OptionsFor((await SharedServers.StandaloneAsync()).Port) with { Protocol = RedisProtocol.Resp2 },
            ServerKind.RedisWithoutHello => OptionsFor((await SharedServers.Resp2OnlyAsync()).Port),
            _ => OptionsFor((await SharedServers.GarnetAsync()).Port),
        };
        return await RedisClient.ConnectAsync(configure is null ? options : configure(options), CapturedLogs.Factory, CancellationToken.None);
    }

    public static async Task<RedisClient> ConnectAsync(Func<RedisClientOptions, RedisClientOptions>? configure = null) =>
        await ConnectAsync(ServerKind.RedisResp3, configure);

    public static RedisClientOptions OptionsFor(int port) => new()
    {
        Endpoints = [RedisEndpoint.Tcp("127.0.0.1", port)],
        ClientName = "multiplex-tests",
    };

    public static ILoggerFactory Logs => CapturedLogs.Factory;

    /// <summary>
    /// The form of a client address a fixture server reports (CLIENT INFO, MONITOR): an IPv4 endpoint,
    /// 127.0.0.1 for a process, the bridge's gateway for a container (its published port forwards the connection).
    /// </summary>
    public const string ClientAddressPattern = @"^\d+\.\d+\.\d+\.\d+:\d+$";

    /// <summary>A unique key for a test, so tests sharing a server never collide.</summary>
    public static string Key(string name) => $"test:{TestContext.CurrentContext.Test.Name}:{name}:{Guid.NewGuid():N}";

    /// <summary>TLS by the fixture's certificate files: its CA, its client certificate and key, SNI <c>localhost</c>.</summary>
    public static TlsOptions TlsFromFiles(TlsCertificates certificates) => new()
    {
        Enabled = true,
        ServerName = "localhost",
        CaCertificatePath = certificates.CaCertificatePath,
        ClientCertificatePath = certificates.ClientCertificatePath,
        ClientKeyPath = certificates.ClientKeyPath,
    };
}
