namespace Multiplex.Stress.Storm;

/// <summary>How a storm runs. Durations are wall-clock; probabilities are per operation.</summary>
public sealed record StormOptions
{
    /// <summary>The server (host).</summary>
    public string Host { get; init; } = "127.0.0.1";

    /// <summary>The server (port).</summary>
    public required int Port { get; init; }

    /// <summary>How long the storm lasts at most. Default 1 minute.</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Stop after this many operations (0 = no limit).</summary>
    public long MaxOperations { get; init; }

    /// <summary>Concurrent callers. Default 1,000.</summary>
    public int Callers { get; init; } = 1000;

    /// <summary>Distinct keys the callers share. Default 10,000.</summary>
    public int Keys { get; init; } = 10_000;

    /// <summary>Share of operations cancelled after a random 0–2 ms. Default 0.3.</summary>
    public double CancelProbability { get; init; } = 0.3;

    /// <summary>Share of operations sent through clients whose command timeout is 1–5 ms. Default 0.1.</summary>
    public double ShortTimeoutShare { get; init; } = 0.1;

    /// <summary>Period of <c>CLIENT PAUSE 5</c>. Default 1 s; zero turns it off.</summary>
    public TimeSpan PauseEvery { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Mean period of <c>CLIENT KILL</c> of one of the storm's connections. Default 2 s; zero turns it off.</summary>
    public TimeSpan KillEvery { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Mean period of <c>DEBUG SLEEP 0.05</c>. Default 3 s; zero turns it off.</summary>
    public TimeSpan SleepEvery { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>Period of the progress line. Default 1 s.</summary>
    public TimeSpan ProgressEvery { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Seed for the callers' random choices (each caller derives its own).</summary>
    public int Seed { get; init; } = Environment.TickCount;

    /// <summary>
    /// Whether the storm's clients cache reads (a client-side cache of 1,000 entries over the 10,000
    /// keys: fills, admission and eviction all churn, and each fill's read goes out with its
    /// <c>CLIENT CACHING YES</c>, two replies for one in-flight entry, under the same chaos). Default off.
    /// </summary>
    public bool ClientCache { get; init; }

    /// <summary>Where progress lines go; null for none.</summary>
    public Action<string>? Progress { get; init; }
}
