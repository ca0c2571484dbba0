namespace Multiplex;

/// <summary>
/// A command (or a transaction) whose keys are in different hash slots of a Redis Cluster, which the
/// server cannot run atomically: refused before anything was sent. Put keys that belong together under
/// one hash tag (<c>{user:1}:name</c>, <c>{user:1}:email</c>) so they share a slot.
/// </summary>
public sealed class RedisCrossSlotException : RedisClusterException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What was refused, with the keys' slots.</param>
    /// <param name="slots">The distinct slots of the keys, in the order the keys came.</param>
    public RedisCrossSlotException(string message, IReadOnlyList<int> slots)
        : base(message, slots, [], CommandOutcome.NotSent)
    {
    }

    /// <inheritdoc />
    public override bool IsTransient => false;
}
