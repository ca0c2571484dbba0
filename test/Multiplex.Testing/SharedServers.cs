using Multiplex.Testing.Processes;

namespace Multiplex.Testing;

/// <summary>
/// Servers shared by every test in a test process, each started on first use and stopped by
/// <see cref="DisposeAllAsync"/> (call it from a <c>[SetUpFixture]</c>'s OneTimeTearDown). Tests must
/// leave them as they found them; a test that stops or reconfigures a server starts its own.
/// </summary>
public static class SharedServers
{
    /// <summary>The ACL user of <see cref="SecureAsync"/>; its password is <see cref="TestSecrets.Password"/>.</summary>
    public const string SecureUserName = "app";

    private static readonly Lock Gate = new();
    private static readonly List<Func<ValueTask>> Disposers = [];
    private static Lazy<Task<IServerFixture>> _standalone = NewStandalone();
    private static Lazy<Task<RedisServer>> _secure = NewSecure();
    private static Lazy<Task<IServerFixture>> _resp2Only = NewResp2Only();
    private static Lazy<Task<GarnetServer>> _garnet = NewGarnet();
    private static Lazy<Task<RedisCluster>> _cluster = NewCluster();
    private static Lazy<Task<RedisSentinelGroup>> _sentinel = NewSentinel();
    private static Lazy<Task<RedisReplicationGroup>> _replication = NewReplication();

    /// <summary>A plain redis-server with DEBUG enabled: a container where Docker works (see <see cref="StandaloneServers"/>), else a process.</summary>
    public static Task<IServerFixture> StandaloneAsync() => HandOutAsync(_standalone.Value);

    /// <summary>
    /// One server with requirepass, ACL user <see cref="SecureUserName"/>, TLS with client
    /// certificates (the plain port stays open) and a unix socket; every password is <see cref="TestSecrets.Password"/>.
    /// Always a process: its certificate files and unix socket live in the fixture directory.
    /// </summary>
    public static Task<RedisServer> SecureAsync() => _secure.Value;

    /// <summary>A redis-server without HELLO, so clients must fall back to RESP2: a container where Docker works, else a process.</summary>
    public static Task<IServerFixture> Resp2OnlyAsync() => HandOutAsync(_resp2Only.Value);

    /// <summary>A garnet-server.</summary>
    public static Task<GarnetServer> GarnetAsync() => _garnet.Value;

    // The cluster, sentinel and replication groups stay processes: their nodes announce addresses to
    // each other and to clients, which inside containers would be the bridge's, not loopback.

    /// <summary>A six-node cluster.</summary>
    public static Task<RedisCluster> ClusterAsync() => _cluster.Value;

    /// <summary>A primary, two replicas and three sentinels.</summary>
    public static Task<RedisSentinelGroup> SentinelAsync() => _sentinel.Value;

    /// <summary>A primary with two replicas.</summary>
    public static Task<RedisReplicationGroup> ReplicationAsync() => _replication.Value;

    /// <summary>Stops every shared server started so far; a later call to an accessor starts a new one.</summary>
    public static async Task DisposeAllAsync()
    {
        Func<ValueTask>[] disposers;
        lock (Gate)
        {
            disposers = [.. Disposers];
            Disposers.Clear();
            _standalone = NewStandalone();
            _secure = NewSecure();
            _resp2Only = NewResp2Only();
            _garnet = NewGarnet();
            _cluster = NewCluster();
            _sentinel = NewSentinel();
            _replication = NewReplication();
        }

        foreach (var dispose in disposers)
        {
            await dispose();
        }

        FixtureDirectory.TryDelete(FixtureDirectory.ProcessRoot);
    }

    // Every caller of a container-backed accessor is recorded, so the tests that ran on it can be counted.
    private static async Task<IServerFixture> HandOutAsync(Task<IServerFixture> shared)
    {
        var server = await shared;
        ContainerUseAttribute.Record(server);
        return server;
    }

    private static Lazy<Task<T>> Shared<T>(Func<Task<T>> start)
        where T : IAsyncDisposable =>
        new(async () =>
        {
            var fixture = await start();
            lock (Gate)
            {
                Disposers.Add(fixture.DisposeAsync);
            }

            return fixture;
        });

    private static Lazy<Task<IServerFixture>> NewStandalone() =>
        Shared(() => StandaloneServers.StartAsync(new RedisServerOptions { EnableDebugCommand = true }));

    private static Lazy<Task<RedisServer>> NewSecure() =>
        Shared(() => RedisServer.StartAsync(new RedisServerOptions
        {
            RequirePass = TestSecrets.Password,
            AclUsers = [new AclUser(SecureUserName, TestSecrets.Password)],
            Tls = true,
            TlsAuthClients = true,
            UnixSocket = true,
        }));

    private static Lazy<Task<IServerFixture>> NewResp2Only() =>
        Shared(() => StandaloneServers.StartAsync(new RedisServerOptions
        {
            RenameCommands = new Dictionary<string, string> { ["HELLO"] = string.Empty },
        }));

    private static Lazy<Task<GarnetServer>> NewGarnet() => Shared(() => GarnetServer.StartAsync());

    private static Lazy<Task<RedisCluster>> NewCluster() => Shared(() => RedisCluster.StartAsync());

    private static Lazy<Task<RedisSentinelGroup>> NewSentinel() => Shared(() => RedisSentinelGroup.StartAsync());

    private static Lazy<Task<RedisReplicationGroup>> NewReplication() => Shared(() => RedisReplicationGroup.StartAsync());
}
