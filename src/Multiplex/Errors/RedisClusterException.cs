namespace Multiplex;

/// <summary>
/// A command could not be routed in a Redis Cluster: it was redirected (MOVED, ASK) more often than
/// <see cref="ClusterOptions.MaxRedirects"/> allows, or no node serves its slot. The message names the
/// slot and the nodes tried.
/// </summary>
public class RedisClusterException : RedisException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong, with the slot and nodes.</param>
    /// <param name="slots">The hash slots involved.</param>
    /// <param name="nodesTried">The endpoints the command was sent to, in order.</param>
    /// <param name="outcome">Whether the command may have run.</param>
    /// <param name="innerException">The last error a node answered, if any.</param>
    public RedisClusterException(string message, IReadOnlyList<int> slots, IReadOnlyList<string> nodesTried, CommandOutcome outcome, Exception? innerException = null)
        : base(message, innerException)
    {
        Slots = slots;
        NodesTried = nodesTried;
        Outcome = outcome;
    }

    /// <summary>The hash slots of the command's keys (one unless the keys span slots).</summary>
    public IReadOnlyList<int> Slots { get; }

    /// <summary>The endpoints the command was sent to, in order (empty when nothing was sent).</summary>
    public IReadOnlyList<string> NodesTried { get; }

    /// <summary>Whether the command may have run: never when it was refused before sending.</summary>
    public CommandOutcome Outcome { get; }

    /// <inheritdoc />
    public override bool IsTransient => Outcome != CommandOutcome.NotSent || NodesTried.Count > 0;
}
