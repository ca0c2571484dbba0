using System.Globalization;
using Multiplex.Testing.Processes;

namespace Multiplex.Testing;

/// <summary>
/// A primary with two replicas watched by three sentinels under <see cref="MasterName"/>
/// (down-after 1 s, failover timeout 10 s, quorum 2). Ready once every sentinel names the primary
/// and knows both replicas and the two other sentinels.
/// </summary>
public sealed class RedisSentinelGroup : IAsyncDisposable
{
    private const int SentinelCount = 3;
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(60);
    private readonly RedisReplicationGroup _replication;

    private RedisSentinelGroup(RedisReplicationGroup replication, IReadOnlyList<RedisSentinel> sentinels)
    {
        _replication = replication;
        Sentinels = sentinels;
    }

    /// <summary>The name the sentinels monitor the primary under.</summary>
    public string MasterName => "mymaster";

    /// <summary>The primary at start (after a failover, ask a sentinel).</summary>
    public RedisServer Primary => _replication.Primary;

    /// <summary>The replicas at start.</summary>
    public IReadOnlyList<RedisServer> Replicas => _replication.Replicas;

    /// <summary>The three sentinels.</summary>
    public IReadOnlyList<RedisSentinel> Sentinels { get; }

    /// <summary>Every sentinel's <c>host:port</c>, to seed a sentinel client.</summary>
    public IReadOnlyList<string> SentinelEndpoints => [.. Sentinels.Select(sentinel => sentinel.Endpoint)];

    /// <summary>Starts the replication group, then the sentinels, and waits until they agree.</summary>
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

            var group = new RedisSentinelGroup(replication, sentinels);
            IServerLog[] logs = [.. replication.Servers, .. sentinels];
            await Poll.UntilAsync("sentinel group", group.CheckReadyAsync, ReadyTimeout, logs, cancellationToken);
            return group;
        }
        catch
        {
            foreach (var sentinel in sentinels)
            {
                await sentinel.DisposeAsync();
            }

            await replication.DisposeAsync();
            throw;
        }
    }

    /// <summary>Stops the sentinels, then the servers, and deletes the directories.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var sentinel in Sentinels)
        {
            await sentinel.DisposeAsync();
        }

        await _replication.DisposeAsync();
    }

    private async Task<string?> CheckReadyAsync()
    {
        var primaryPort = Primary.Port.ToString(CultureInfo.InvariantCulture);
        foreach (var sentinel in Sentinels)
        {
            var address = (await sentinel.CliAsync("SENTINEL", "get-master-addr-by-name", MasterName))
                .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (address is not [_, var port] || port != primaryPort)
            {
                return $"{sentinel.Name} names the primary as {string.Join(' ', address)}";
            }

            var master = RedisCli.ParsePairs(await sentinel.CliAsync("SENTINEL", "master", MasterName));
            if (master.GetValueOrDefault("num-slaves") != "2" || master.GetValueOrDefault("num-other-sentinels") != "2")
            {
                return $"{sentinel.Name} knows {master.GetValueOrDefault("num-slaves")} replicas and " +
                       $"{master.GetValueOrDefault("num-other-sentinels")} other sentinels";
            }
        }

        return null;
    }
}
