namespace Multiplex;

/// <summary>The search options of LPOS.</summary>
public sealed record ListPositionOptions
{
    /// <summary>
    /// Which match to return (<c>RANK</c>): 1 is the first from the head, 2 the second; -1 the first from
    /// the tail, and so on. Not 0. Default 1.
    /// </summary>
    public long Rank { get; init; } = 1;

    /// <summary>Compare at most this many elements (<c>MAXLEN</c>); 0, the default, compares them all.</summary>
    public long MaxLength { get; init; }

    internal void Validate()
    {
        if (Rank == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(Rank), Rank, "LPOS RANK cannot be 0: use 1 for the first match, -1 for the last.");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(MaxLength, nameof(MaxLength));
    }
}
