namespace Multiplex;

/// <summary>
/// How XADD or XTRIM trims a stream: to a maximum length (<c>MAXLEN</c>) or by dropping entries below an
/// ID (<c>MINID</c>), exactly (<c>=</c>) or approximately (<c>~</c>, cheaper; may keep a few more).
/// </summary>
public sealed record StreamTrim
{
    private StreamTrim(bool byMinId, RedisValue threshold, bool approximate, long? limit)
    {
        if (limit is not null && !approximate)
        {
            throw new ArgumentException("LIMIT only applies to approximate trimming.", nameof(limit));
        }

        if (limit is < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(limit), limit, "The limit cannot be negative.");
        }

        ByMinId = byMinId;
        Threshold = threshold;
        Approximate = approximate;
        Limit = limit;
    }

    /// <summary>Whether entries below <see cref="Threshold"/> as an ID are dropped (<c>MINID</c>), rather than keeping a length (<c>MAXLEN</c>).</summary>
    public bool ByMinId { get; }

    /// <summary>The maximum length, or the lowest ID kept.</summary>
    public RedisValue Threshold { get; }

    /// <summary>Whether the trimming is approximate (<c>~</c>).</summary>
    public bool Approximate { get; }

    /// <summary>At most this many entries evicted per call (<c>LIMIT</c>, approximate only); null for the server default.</summary>
    public long? Limit { get; }

    /// <summary>Keeps at most <paramref name="length"/> of the newest entries (<c>MAXLEN</c>).</summary>
    /// <param name="length">The length (not negative).</param>
    /// <param name="approximate">Trim approximately (<c>~</c>).</param>
    /// <param name="limit">Evict at most this many per call (approximate only).</param>
    /// <returns>The trimming.</returns>
    public static StreamTrim MaxLength(long length, bool approximate = false, long? limit = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        return new(false, length, approximate, limit);
    }

    /// <summary>Drops the entries whose ID is below <paramref name="id"/> (<c>MINID</c>).</summary>
    /// <param name="id">The lowest ID kept.</param>
    /// <param name="approximate">Trim approximately (<c>~</c>).</param>
    /// <param name="limit">Evict at most this many per call (approximate only).</param>
    /// <returns>The trimming.</returns>
    public static StreamTrim MinId(string id, bool approximate = false, long? limit = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        return new(true, id, approximate, limit);
    }
}
