using System.Diagnostics;

namespace Multiplex.Testing.Processes;

/// <summary>Waits for a condition spanning several processes (replication links, cluster state).</summary>
internal static class Poll
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Calls <paramref name="check"/> until it returns null (ready); otherwise it returns what is still
    /// missing, which ends up in the timeout message together with the servers' log tails.
    /// </summary>
    public static async Task UntilAsync(
        string what, Func<Task<string?>> check, TimeSpan timeout, IEnumerable<IServerLog> servers, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        string? missing;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                missing = await check();
            }
            catch (InvalidOperationException exception)
            {
                missing = exception.Message;
            }

            if (missing is null)
            {
                return;
            }

            if (stopwatch.Elapsed > timeout)
            {
                break;
            }

            await Task.Delay(Interval, cancellationToken);
        }

        var tails = string.Join(Environment.NewLine, servers.Select(server =>
            $"--- {server.Name} ({server.LogPath}) ---{Environment.NewLine}{server.ReadLogTail(15)}"));
        throw new FixtureStartException($"{what} not ready within {timeout.TotalSeconds:0.#} s: {missing}", tails, "(several)");
    }
}
