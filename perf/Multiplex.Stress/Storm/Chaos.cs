using System.Globalization;

namespace Multiplex.Stress.Storm;

/// <summary>
/// The server-side trouble a storm makes through its own admin client: <c>CLIENT PAUSE 5</c> on a
/// period, <c>CLIENT KILL</c> of one of the storm's connections (found by name in CLIENT LIST), and
/// <c>DEBUG SLEEP 0.05</c>. Intervals are randomised around their means.
/// </summary>
public sealed class Chaos
{
    /// <summary>Connections whose name starts with this are fair game for CLIENT KILL.</summary>
    public const string ClientNamePrefix = "stress-";

    // A DEBUG SLEEP of 50 ms stalls every connection at once, well below any stuck-connection rule.
    private const string SleepSeconds = "0.05";

    // CLIENT PAUSE of 5 ms: long enough to queue up pipelined commands, short enough to keep the storm moving.
    private const string PauseMilliseconds = "5";

    private readonly RedisClient _admin;
    private readonly StormCounters _counters;
    private readonly Random _random;

    public Chaos(RedisClient admin, StormCounters counters, int seed)
    {
        _admin = admin;
        _counters = counters;
        _random = new Random(seed);
    }

    /// <summary>Runs every enabled kind of trouble until <paramref name="stop"/> is cancelled.</summary>
    public Task RunAsync(TimeSpan pauseEvery, TimeSpan killEvery, TimeSpan sleepEvery, CancellationToken stop) =>
        Task.WhenAll(
            RepeatAsync(pauseEvery, jitter: false, PauseAsync, stop),
            RepeatAsync(killEvery, jitter: true, () => KillOneAsync(ClientNamePrefix), stop),
            RepeatAsync(sleepEvery, jitter: true, SleepAsync, stop));

    /// <summary>Kills one connection whose client name starts with <paramref name="namePrefix"/>; false if none.</summary>
    public async Task<bool> KillOneAsync(string namePrefix)
    {
        var list = (string?)await _admin.ExecuteAsync("CLIENT", ["LIST"]) ?? string.Empty;
        var ids = new List<string>();
        foreach (var line in list.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            string? id = null;
            string? name = null;
            foreach (var field in line.Split(' '))
            {
                if (field.StartsWith("id=", StringComparison.Ordinal))
                {
                    id = field[3..];
                }
                else if (field.StartsWith("name=", StringComparison.Ordinal))
                {
                    name = field[5..];
                }
            }

            if (id is not null && name is not null && name.StartsWith(namePrefix, StringComparison.Ordinal))
            {
                ids.Add(id);
            }
        }

        if (ids.Count == 0)
        {
            return false;
        }

        string victim;
        lock (_random)
        {
            victim = ids[_random.Next(ids.Count)];
        }

        var killed = (long)await _admin.ExecuteAsync("CLIENT", ["KILL", "ID", victim]) > 0;
        if (killed)
        {
            Interlocked.Increment(ref _counters.Kills);
        }

        return killed;
    }

    private async Task PauseAsync()
    {
        await _admin.ExecuteAsync("CLIENT", ["PAUSE", PauseMilliseconds]);
        Interlocked.Increment(ref _counters.Pauses);
    }

    private async Task SleepAsync()
    {
        await _admin.ExecuteAsync("DEBUG", ["SLEEP", SleepSeconds]);
        Interlocked.Increment(ref _counters.Sleeps);
    }

    private async Task RepeatAsync(TimeSpan every, bool jitter, Func<Task> action, CancellationToken stop)
    {
        if (every <= TimeSpan.Zero)
        {
            return;
        }

        while (!stop.IsCancellationRequested)
        {
            double factor;
            lock (_random)
            {
                factor = jitter ? 0.5 + _random.NextDouble() : 1.0;
            }

            try
            {
                await Task.Delay(every * factor, stop);
                await action();
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (RedisException ex)
            {
                // The admin client is a bystander of the storm; its own hiccups are not the subject.
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"chaos: {ex.GetType().Name}: {ex.Message}"));
            }
        }
    }
}
