using Multiplex.Testing.Processes;

namespace Multiplex.Testing;

/// <summary>
/// Whether the group is healthy: what start-up waits for and what failovers and restarts restore, so
/// that the next test finds a group any sentinel can fail over again. Every check goes over the kept-open
/// connections and is bounded, so that a server that stops answering fails the wait instead of holding it.
/// </summary>
public sealed partial class RedisSentinelGroup
{
    private const int OtherSentinels = SentinelCount - 1;

    // Sentinels discover each other through hello messages every 2 s and replicas through INFO; a
    // fresh group needs a few rounds of both.
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(60);

    // A check is a few round trips per process over kept-open connections.
    private static readonly TimeSpan HealthPollInterval = TimeSpan.FromMilliseconds(20);

    // One check must come back within this, or the poll reports the silent process and tries again.
    private static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(5);

    private Task WaitUntilHealthyAsync(string what, TimeSpan timeout, CancellationToken cancellationToken) =>
        Poll.UntilAsync(what, () => BoundedAsync(CheckHealthyAsync, cancellationToken), timeout, HealthPollInterval, Logs, cancellationToken);

    /// <summary>Null when healthy (see the class summary), otherwise what is still missing.</summary>
    private async Task<string?> CheckHealthyAsync(CancellationToken cancellationToken)
    {
        var primary = Primary;
        var replicas = Servers.Where(server => server != primary).ToList();
        var role = await RoleAsync(primary, cancellationToken);
        if (RoleName(role) != "master")
        {
            return $"{primary.Name} reports ROLE {RoleName(role)}";
        }

        foreach (var replica in replicas)
        {
            var fields = RedisCli.ParseFields(await _admin[replica].TextAsync(["INFO", "replication"], cancellationToken));
            if (fields.GetValueOrDefault("role") != "slave" || fields.GetValueOrDefault("master_port") != Number(primary.Port))
            {
                return $"{replica.Name} is not a replica of {primary.Name} (role:{fields.GetValueOrDefault("role")}, " +
                       $"master_port:{fields.GetValueOrDefault("master_port")})";
            }

            if (fields.GetValueOrDefault("master_link_status") != "up")
            {
                return $"{replica.Name} has master_link_status:{fields.GetValueOrDefault("master_link_status")}";
            }
        }

        var expected = replicas.Select(replica => replica.Endpoint).Order(StringComparer.Ordinal).ToList();
        foreach (var sentinel in Sentinels)
        {
            var named = await PrimaryEndpointAsync(sentinel, cancellationToken);
            if (named != primary.Endpoint)
            {
                return $"{sentinel.Name} names the primary {named ?? "(none)"}";
            }

            var master = Pairs(await SentinelCommandAsync(sentinel, ["SENTINEL", "MASTER", MasterName], cancellationToken));
            if (master.GetValueOrDefault("flags") != "master" || master.GetValueOrDefault("num-other-sentinels") != Number(OtherSentinels))
            {
                return $"{sentinel.Name} flags the primary {master.GetValueOrDefault("flags")} and knows " +
                       $"{master.GetValueOrDefault("num-other-sentinels")} other sentinels";
            }

            var listed = (await SentinelCommandAsync(sentinel, ["SENTINEL", "REPLICAS", MasterName], cancellationToken)).Items
                .Select(Pairs).ToList();
            var endpoints = listed.Select(fields => $"{fields.GetValueOrDefault("ip")}:{fields.GetValueOrDefault("port")}")
                .Order(StringComparer.Ordinal).ToList();
            if (!endpoints.SequenceEqual(expected))
            {
                return $"{sentinel.Name} lists the replicas {string.Join(", ", endpoints)}";
            }

            // Down or disconnected replicas show in the flags (s_down, disconnected); a sentinel
            // promotes only replicas it flags plain "slave".
            if (listed.FirstOrDefault(fields => fields.GetValueOrDefault("flags") != "slave") is { } flagged)
            {
                return $"{sentinel.Name} flags {flagged.GetValueOrDefault("name")} {flagged.GetValueOrDefault("flags")}";
            }
        }

        return null;
    }

    /// <summary>The <c>host:port</c> a sentinel names as the primary (GET-MASTER-ADDR-BY-NAME), or null when it names none.</summary>
    private async Task<string?> PrimaryEndpointAsync(RedisSentinel sentinel, CancellationToken cancellationToken)
    {
        var address = await SentinelCommandAsync(sentinel, ["SENTINEL", "GET-MASTER-ADDR-BY-NAME", MasterName], cancellationToken);
        return address.Items is [{ Text: var host }, { Text: var port }] ? $"{host}:{port}" : null;
    }

    private static async Task<RespReply> SentinelCommandAsync(RedisSentinel sentinel, string[] command, CancellationToken cancellationToken)
    {
        var reply = await sentinel.CommandAsync(command, cancellationToken);
        return reply.IsError
            ? throw new InvalidOperationException($"{sentinel.Name} refused '{string.Join(' ', command)}': {reply.Text}")
            : reply;
    }

    /// <summary>A flat array of alternating names and values (SENTINEL MASTER, one entry of SENTINEL REPLICAS).</summary>
    private static Dictionary<string, string?> Pairs(RespReply reply) =>
        reply.Items.Chunk(2).Where(pair => pair.Length == 2 && pair[0].Text is not null)
            .ToDictionary(pair => pair[0].Text!, pair => pair[1].Text, StringComparer.Ordinal);

    /// <summary>
    /// Runs one check with <see cref="CheckTimeout"/>; a check that times out becomes a missing condition
    /// (an <see cref="InvalidOperationException"/>, which <see cref="Poll"/> reports and retries).
    /// </summary>
    private static async Task<T> BoundedAsync<T>(Func<CancellationToken, Task<T>> check, CancellationToken cancellationToken)
    {
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(CheckTimeout);
        try
        {
            return await check(bounded.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new InvalidOperationException($"a check got no answer within {CheckTimeout.TotalSeconds:0} s");
        }
    }
}
