using System.Globalization;
using Multiplex.Testing.Processes;

namespace Multiplex.Testing;

/// <summary>
/// A primary with two replicas watched by three sentinels under <see cref="MasterName"/>
/// (down-after 2 s, failover timeout 10 s, quorum 2). Healthy, and so ready, once every sentinel
/// names the primary, flags it plain <c>master</c>, knows the two other sentinels and lists both
/// replicas as reachable, and both replicas are in sync with the primary. The shared one
/// (<see cref="SharedServers.SentinelAsync"/>) is for tests that leave it as they found it; a test that
/// fails over or kills servers starts its own. The fixture talks to each server and sentinel over one
/// kept-open connection. Partial files: failovers, kills and restarts (<c>RedisSentinelGroup.Failover.cs</c>),
/// health (<c>RedisSentinelGroup.Health.cs</c>).
/// Spec: https://redis.io/docs/latest/operate/oss_and_stack/management/sentinel/
/// </summary>
public sealed partial class RedisSentinelGroup : IAsyncDisposable
{
    private const int SentinelCount = 3;
    private readonly RedisReplicationGroup _replication;
    private readonly Dictionary<RedisServer, AdminConnection> _admin;
    private readonly List<SentinelWatch> _watches = [];

    private RedisSentinelGroup(RedisReplicationGroup replication, IReadOnlyList<RedisSentinel> sentinels)
    {
        _replication = replication;
        Sentinels = sentinels;
        Primary = replication.Primary;
        Replicas = replication.Replicas;
        _admin = replication.Servers.ToDictionary(server => server, server => new AdminConnection(server));
    }

    /// <summary>The name the sentinels monitor the primary under.</summary>
    public string MasterName => "mymaster";

    /// <summary>
    /// The primary, as of the start or the last <see cref="RefreshRolesAsync"/> (failovers, promotions and
    /// restarts refresh it; after <see cref="KillPrimaryAsync"/> it is the killed server until
    /// <see cref="WaitForPromotionAsync"/>).
    /// </summary>
    public RedisServer Primary { get; private set; }

    /// <summary>The running replicas, as of the start or the last <see cref="RefreshRolesAsync"/>, in start order.</summary>
    public IReadOnlyList<RedisServer> Replicas { get; private set; }

    /// <summary>All three servers in start order (the first started as the primary), killed ones included.</summary>
    public IReadOnlyList<RedisServer> Servers => _replication.Servers;

    /// <summary>The three sentinels.</summary>
    public IReadOnlyList<RedisSentinel> Sentinels { get; }

    /// <summary>Every sentinel's <c>host:port</c>, to seed a sentinel client.</summary>
    public IReadOnlyList<string> SentinelEndpoints => [.. Sentinels.Select(sentinel => sentinel.Endpoint)];

    private IEnumerable<IServerLog> Logs => [.. Servers, .. Sentinels];

    /// <summary>Starts the replication group, then the sentinels, and waits until the group is healthy.</summary>
    public static async Task<RedisSentinelGroup> StartAsync(CancellationToken cancellationToken = default)
    {
        var replication = await RedisReplicationGroup.StartCoreAsync("sentinel-group", null, cancellationToken);
        var directory = replication.FolderPath;
        var sentinels = new List<RedisSentinel>();
        try
        {
            var started = Enumerable.Range(0, SentinelCount)
                .Select(_ => RedisSentinel.StartAsync(directory, "mymaster", replication.Primary, cancellationToken)).ToList();
            try
            {
                await Task.WhenAll(started);
            }
            finally
            {
                sentinels.AddRange(started.Where(task => task.IsCompletedSuccessfully).Select(task => task.Result));
            }
        }
        catch
        {
            await DisposeAllAsync(sentinels, replication);
            throw;
        }

        var group = new RedisSentinelGroup(replication, sentinels);
        try
        {
            await group.WaitUntilHealthyAsync("sentinel group", ReadyTimeout, cancellationToken);
            return group;
        }
        catch
        {
            await group.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Asks every running server for its ROLE and sets <see cref="Primary"/> and <see cref="Replicas"/>;
    /// throws unless exactly one reports <c>master</c> (right after a manual failover the old primary
    /// still does until the sentinels demote it, which <see cref="FailoverAsync"/> waits for).
    /// </summary>
    public async Task RefreshRolesAsync(CancellationToken cancellationToken = default)
    {
        var running = Servers.Where(server => server.ProcessId != 0).ToList();
        var roles = await Task.WhenAll(running.Select(server => RoleAsync(server, cancellationToken)));
        var primaries = running.Where((_, index) => RoleName(roles[index]) == "master").ToList();
        if (primaries is not [var primary])
        {
            throw new InvalidOperationException(
                $"Expected one running server with ROLE master, found {primaries.Count}: {string.Join(", ", primaries)}.");
        }

        Primary = primary;
        Replicas = [.. running.Where((_, index) => RoleName(roles[index]) == "slave")];
    }

    /// <summary>Closes the fixture's connections, stops the sentinels, then the servers, and deletes the directories.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var watch in _watches)
        {
            await watch.DisposeAsync();
        }

        foreach (var connection in _admin.Values)
        {
            await connection.DisposeAsync();
        }

        await DisposeAllAsync(Sentinels, _replication);
    }

    private static async Task DisposeAllAsync(IEnumerable<RedisSentinel> sentinels, RedisReplicationGroup replication)
    {
        foreach (var sentinel in sentinels)
        {
            await sentinel.DisposeAsync();
        }

        await replication.DisposeAsync();
    }

    private Task<RespReply> RoleAsync(RedisServer server, CancellationToken cancellationToken) =>
        _admin[server].CommandAsync(["ROLE"], cancellationToken);

    /// <summary><c>master</c>, <c>slave</c> or <c>sentinel</c>: the first element of a ROLE reply.</summary>
    private static string? RoleName(RespReply role) => role.Items is [var name, ..] ? name.Text : null;

    /// <summary>Whether a ROLE reply is a replica's that follows <paramref name="primary"/>.</summary>
    private static bool Follows(RespReply role, RedisServer primary) =>
        role.Items is [{ Text: "slave" }, { Text: var host }, { Text: var port }, ..]
        && host == primary.Host && port == Number(primary.Port);

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
