namespace Multiplex.Topology;

/// <summary>The <see cref="ITopologyProvider.Ready"/> of a provider that finds its nodes itself (cluster, Sentinel).</summary>
internal static class ReadySignal
{
    /// <summary>Faults <paramref name="ready"/> because the client was disposed first, observed so nobody waiting is not an unobserved fault.</summary>
    public static void FailDisposed(TaskCompletionSource ready, string message)
    {
        if (ready.TrySetException(new RedisConnectionException(message, CommandOutcome.NotSent)))
        {
            _ = ready.Task.Exception; // observed here: nobody may be waiting
        }
    }
}
