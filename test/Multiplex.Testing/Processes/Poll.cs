using System.Diagnostics;

namespace Multiplex.Testing.Processes;

/// <summary>Waits for a condition spanning several processes (replication links, cluster state).</summary>
internal static class Poll
{
    private static readonly TimeSpan DefaultInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Calls <paramref name="check"/> until it returns null (ready); otherwise it returns what is still
    /// missing, which ends up in the timeout message together with the servers' log tails.
    /// </summary>
    public static Task UntilAsync(
        string what, Func<Task<string?>> check, TimeSpan timeout, IEnumerable<IServerLog> servers, CancellationToken cancellationToken) =>
        UntilAsync(what, check, timeout, DefaultInterval, servers, cancellationToken);

    /// <summary>As above, checking every <paramref name="interval"/> (cheap checks over kept-open connections poll faster).</summary>
    public static async Task UntilAsync(
        string what, Func<Task<string?>> check, TimeSpan timeout, TimeSpan interval, IEnumerable<IServerLog> servers,
        CancellationToken cancellationToken)
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

            await Task.Delay(interval, cancellationToken);
        }

        var tails = string.Join(Environment.NewLine, servers.Select(server =>
            $"--- {server.Name} ({server.LogPath}) ---{Environment.NewLine}{server.ReadLogTail(15)}"));
        throw new FixtureStartException($"{what} not ready within {timeout.TotalSeconds:0.#} s: {missing}", tails, "(several)");
    }
}
