using System.Diagnostics;
using System.Globalization;

namespace Multiplex.LoadTest;

/// <summary>
/// Samples the server's own counters: commands processed and socket reads (INFO stats), and the
/// redis-server process's CPU time from /proc (the server is on loopback, so its /proc is ours to read).
/// On a cluster the figures are sums over its primaries, the nodes a client's commands go to.
/// </summary>
public sealed class ServerProbe
{
    // /proc/<pid>/stat counts CPU time in clock ticks; Linux reports USER_HZ = 100 to user space.
    private const double ClockTicksPerSecond = 100;

    private readonly IReadOnlyList<(RedisCommands Server, int ProcessId)> _servers;

    private ServerProbe(IReadOnlyList<(RedisCommands Server, int ProcessId)> servers)
    {
        _servers = servers;
    }

    /// <summary>How many servers the figures add up: 1, or a cluster's primaries.</summary>
    public int ServerCount => _servers.Count;

    public static async Task<ServerProbe> CreateAsync(RedisClient client)
    {
        IReadOnlyList<RedisCommands> servers = client.ServerMode == ServerMode.Cluster
            ? [.. client.GetNodes().Where(node => !node.IsReplica)]
            : [client];
        var probed = new List<(RedisCommands, int)>();
        foreach (var server in servers)
        {
            var info = await InfoAsync(server, "server");
            var pid = info.TryGetValue("process_id", out var text) && int.TryParse(text, CultureInfo.InvariantCulture, out var id) ? id : 0;
            probed.Add((server, pid));
        }

        return new ServerProbe(probed);
    }

    /// <summary>Reads the counters now; null when <paramref name="enabled"/> is false.</summary>
    public async Task<ServerSample?> SampleAsync(bool enabled = true)
    {
        if (!enabled)
        {
            return null;
        }

        long commands = 0;
        long reads = 0;
        double cpuSeconds = 0;
        foreach (var (server, processId) in _servers)
        {
            var stats = await InfoAsync(server, "stats");
            commands += Counter(stats, "total_commands_processed");
            reads += Counter(stats, "total_reads_processed");
            cpuSeconds += ReadCpuSeconds(processId);
        }

        return new ServerSample(commands, reads, cpuSeconds, Stopwatch.GetTimestamp());
    }

    private static long Counter(Dictionary<string, string> info, string name) =>
        info.TryGetValue(name, out var text) && long.TryParse(text, CultureInfo.InvariantCulture, out var value) ? value : -1;

    private static async Task<Dictionary<string, string>> InfoAsync(RedisCommands server, string section)
    {
        var reply = (string?)await server.ExecuteAsync("INFO", [section]) ?? string.Empty;
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in reply.Split('\n'))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && !line.StartsWith('#'))
            {
                fields[line[..colon].Trim()] = line[(colon + 1)..].Trim();
            }
        }

        return fields;
    }

    private static double ReadCpuSeconds(int processId)
    {
        if (processId == 0 || !File.Exists($"/proc/{processId}/stat"))
        {
            return double.NaN;
        }

        // Fields after the ")" that closes the command name: state is field 3, utime 14, stime 15.
        var stat = File.ReadAllText($"/proc/{processId}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return ticks / ClockTicksPerSecond;
    }
}

/// <summary>The server's counters at one moment.</summary>
public sealed record ServerSample(long Commands, long Reads, double CpuSeconds, long Timestamp);

/// <summary>What the server did between two samples.</summary>
public sealed record ServerUsage(long Commands, long Reads, double CpuSeconds)
{
    /// <summary>Commands per socket read: how well the client batched its writes.</summary>
    public double CommandsPerRead => Reads > 0 ? Commands / (double)Reads : double.NaN;

    /// <summary>Server CPU time per command, in microseconds.</summary>
    public double CpuMicrosecondsPerCommand => Commands > 0 ? CpuSeconds * 1e6 / Commands : double.NaN;

    public static ServerUsage? Between(ServerSample? before, ServerSample? after) =>
        before is null || after is null
            ? null
            : new ServerUsage(after.Commands - before.Commands, after.Reads - before.Reads, after.CpuSeconds - before.CpuSeconds);
}
