using System.Diagnostics;
using System.Globalization;

namespace Multiplex.LoadTest;

/// <summary>
/// Samples the server's own counters: commands processed and socket reads (INFO stats), and the
/// redis-server process's CPU time from /proc (the server is on loopback, so its /proc is ours to read).
/// </summary>
public sealed class ServerProbe
{
    // /proc/<pid>/stat counts CPU time in clock ticks; Linux reports USER_HZ = 100 to user space.
    private const double ClockTicksPerSecond = 100;

    private readonly RedisClient _client;
    private readonly int _processId;

    private ServerProbe(RedisClient client, int processId)
    {
        _client = client;
        _processId = processId;
    }

    public static async Task<ServerProbe> CreateAsync(RedisClient client)
    {
        var info = await InfoAsync(client, "server");
        var pid = info.TryGetValue("process_id", out var text) && int.TryParse(text, CultureInfo.InvariantCulture, out var id) ? id : 0;
        return new ServerProbe(client, pid);
    }

    /// <summary>Reads the counters now; null when <paramref name="enabled"/> is false.</summary>
    public async Task<ServerSample?> SampleAsync(bool enabled = true)
    {
        if (!enabled)
        {
            return null;
        }

        var stats = await InfoAsync(_client, "stats");
        return new ServerSample(
            Counter(stats, "total_commands_processed"),
            Counter(stats, "total_reads_processed"),
            ReadCpuSeconds(),
            Stopwatch.GetTimestamp());
    }

    private static long Counter(Dictionary<string, string> info, string name) =>
        info.TryGetValue(name, out var text) && long.TryParse(text, CultureInfo.InvariantCulture, out var value) ? value : -1;

    private static async Task<Dictionary<string, string>> InfoAsync(RedisClient client, string section)
    {
        var reply = (string?)await client.ExecuteAsync("INFO", [section]) ?? string.Empty;
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

    private double ReadCpuSeconds()
    {
        if (_processId == 0 || !File.Exists($"/proc/{_processId}/stat"))
        {
            return double.NaN;
        }

        // Fields after the ")" that closes the command name: state is field 3, utime 14, stime 15.
        var stat = File.ReadAllText($"/proc/{_processId}/stat");
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
