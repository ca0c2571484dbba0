namespace Multiplex;

/// <summary>The optional XCLAIM settings for the claimed entries.</summary>
public sealed record StreamClaimOptions
{
    /// <summary>Set the idle time to this (<c>IDLE</c>); null leaves it reset to 0.</summary>
    public TimeSpan? Idle { get; init; }

    /// <summary>Set the last-delivery time to this instant (<c>TIME</c>); not with <see cref="Idle"/>.</summary>
    public DateTimeOffset? Time { get; init; }

    /// <summary>Set the delivery count to this (<c>RETRYCOUNT</c>); null increments it (unless JUSTID).</summary>
    public long? RetryCount { get; init; }

    /// <summary>Create pending entries for IDs not yet pending, if they exist in the stream (<c>FORCE</c>). Default false.</summary>
    public bool Force { get; init; }
}
