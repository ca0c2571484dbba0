using System.Globalization;
using Multiplex.Testing.Processes;

namespace Multiplex.Testing;

/// <summary>One primary and two replicas, ready once both replicas are in sync and the primary lists them as online.</summary>
public sealed class RedisReplicationGroup : IAsyncDisposable
{
    private const int ReplicaCount = 2;
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(30);
    private readonly string _directory;

    private RedisReplicationGroup(string directory, RedisServer primary, IReadOnlyList<RedisServer> replicas)
    {
        _directory = directory;
        Primary = primary;
        Replicas = replicas;
    }

    /// <summary>The primary.</summary>
    public RedisServer Primary { get; }

    /// <summary>The two replicas of <see cref="Primary"/>.</summary>
    public IReadOnlyList<RedisServer> Replicas { get; }

    internal string FolderPath => _directory;

    /// <summary>Every server: the primary first, then the replicas.</summary>
    public IReadOnlyList<RedisServer> Servers => [Primary, .. Replicas];

    /// <summary>Starts the group; <paramref name="options"/> apply to every server (ReplicaOf is set for the replicas).</summary>
    public static Task<RedisReplicationGroup> StartAsync(RedisServerOptions? options = null, CancellationToken cancellationToken = default) =>
        StartCoreAsync("replication", options, cancellationToken);

    internal static async Task<RedisReplicationGroup> StartCoreAsync(string name, RedisServerOptions? options, CancellationToken cancellationToken)
    {
        options ??= new RedisServerOptions();
        var directory = FixtureDirectory.Create(name);
        var started = new List<RedisServer>();
        try
        {
            var primary = await RedisServer.StartCoreAsync(options, "primary", directory, [], clusterBus: false, sharedCertificates: null, cancellationToken);
            started.Add(primary);
            var replicaOptions = options with { ReplicaOf = string.Create(CultureInfo.InvariantCulture, $"{primary.Host} {primary.Port}") };
            var starting = Enumerable.Range(0, ReplicaCount).Select(_ =>
                RedisServer.StartCoreAsync(replicaOptions, "replica", directory, [], clusterBus: false, sharedCertificates: null, cancellationToken)).ToList();
            try
            {
                await Task.WhenAll(starting);
            }
            finally
            {
                // Whatever started is stopped below if another start failed.
                started.AddRange(starting.Where(task => task.IsCompletedSuccessfully).Select(task => task.Result));
            }

            var replicas = started.Skip(1).ToList();
            var group = new RedisReplicationGroup(directory, primary, replicas);
            await Poll.UntilAsync("replication group", group.CheckReadyAsync, ReadyTimeout, started, cancellationToken);
            return group;
        }
        catch
        {
            foreach (var server in started)
            {
                await server.DisposeAsync();
            }

            FixtureDirectory.TryDelete(directory);
            throw;
        }
    }

    /// <summary>Stops every server and deletes the group's directory.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var server in Servers)
        {
            await server.DisposeAsync();
        }

        FixtureDirectory.TryDelete(_directory);
    }

    private async Task<string?> CheckReadyAsync()
    {
        var primary = RedisCli.ParseFields(await Primary.CliAsync("INFO", "replication"));
        foreach (var replica in Replicas)
        {
            // A replica counts as connected while it is still loading the snapshot; the primary lists it
            // in ROLE (and WAIT counts it) only once it is online, after its first acknowledgement.
            var online = string.Create(CultureInfo.InvariantCulture, $",port={replica.Port},state=online,");
            if (!primary.Values.Any(line => line.Contains(online, StringComparison.Ordinal)))
            {
                return $"the primary does not list {replica.Name} (port {replica.Port}) as online";
            }

            var fields = RedisCli.ParseFields(await replica.CliAsync("INFO", "replication"));
            if (fields.GetValueOrDefault("master_link_status") != "up")
            {
                return $"{replica.Name} has master_link_status:{fields.GetValueOrDefault("master_link_status")}";
            }
        }

        return null;
    }
}
