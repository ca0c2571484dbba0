using System.Globalization;
using Multiplex.Testing.Processes;

namespace Multiplex.Testing;

/// <summary>
/// Server statistics tests compare before and after an operation: error replies by prefix
/// (<c>INFO errorstats</c>) and calls per command (<c>INFO commandstats</c>).
/// Spec: https://redis.io/docs/latest/commands/info/
/// </summary>
public sealed partial class RedisCluster
{
    /// <summary>
    /// How many errors starting with <paramref name="prefix"/> (e.g. <c>MOVED</c>, <c>ASK</c>) the node
    /// replied since it started or the last <see cref="ResetStatsAsync"/>: <c>errorstat_MOVED:count=…</c>.
    /// </summary>
    public async Task<long> ErrorStatAsync(RedisServer node, string prefix, CancellationToken cancellationToken = default) =>
        InfoCounter(await AdminOf(node).TextAsync(["INFO", "errorstats"], cancellationToken), "errorstat_" + prefix, "count");

    /// <summary>
    /// How often the node ran <paramref name="command"/> (e.g. <c>mset</c>, or <c>cluster|nodes</c> for a
    /// subcommand) since it started or the last reset: <c>cmdstat_mset:calls=…</c>.
    /// </summary>
    public async Task<long> CommandCallsAsync(RedisServer node, string command, CancellationToken cancellationToken = default) =>
        InfoCounter(await AdminOf(node).TextAsync(["INFO", "commandstats"], cancellationToken), "cmdstat_" + command.ToLowerInvariant(), "calls");

    /// <summary>Runs <c>CONFIG RESETSTAT</c> on every running node.</summary>
    public Task ResetStatsAsync(CancellationToken cancellationToken = default) =>
        Task.WhenAll(Running.Select(node => AdminOf(node).CommandAsync(["CONFIG", "RESETSTAT"], cancellationToken)));

    /// <summary>One counter of an INFO line <c>field:name=value,name=value</c>; 0 when the line is absent (nothing counted yet).</summary>
    private static long InfoCounter(string info, string field, string counter)
    {
        if (!RedisCli.ParseFields(info).TryGetValue(field, out var line))
        {
            return 0;
        }

        foreach (var pair in line.Split(','))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0 && pair[..equals] == counter)
            {
                return long.Parse(pair[(equals + 1)..], NumberStyles.None, CultureInfo.InvariantCulture);
            }
        }

        throw new InvalidOperationException($"{field} has no {counter}: {line}");
    }
}
