namespace Multiplex;

/// <summary>
/// Bounds on what the reply reader accepts from a server. A frame that declares more is rejected
/// with a <see cref="RedisProtocolException"/> before anything of the declared size is allocated,
/// and the connection is torn down.
/// </summary>
public sealed record ProtocolLimits
{
    /// <summary>The default limits.</summary>
    public static ProtocolLimits Default { get; } = new();

    /// <summary>
    /// Largest bulk string (and bulk error, verbatim string) accepted, in bytes. Default 512 MiB,
    /// Redis's own <c>proto-max-bulk-len</c> default.
    /// </summary>
    public long MaxBulkLength { get; init; } = 512L * 1024 * 1024;

    /// <summary>
    /// Most elements one aggregate (array, set, push, map pairs counted as two, attribute) may declare.
    /// Default 16,777,216 (2^24).
    /// </summary>
    public long MaxAggregateLength { get; init; } = 1L << 24;

    /// <summary>Deepest nesting of aggregates accepted. Default 128.</summary>
    public int MaxNestingDepth { get; init; } = 128;

    /// <summary>
    /// Longest line accepted for simple strings, simple errors, numbers and type headers, in bytes
    /// (without CRLF). Default 64 KiB: servers send long text as bulk strings.
    /// </summary>
    public int MaxLineLength { get; init; } = 64 * 1024;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> when a limit is not positive.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxBulkLength, nameof(MaxBulkLength));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxAggregateLength, nameof(MaxAggregateLength));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxNestingDepth, nameof(MaxNestingDepth));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxLineLength, nameof(MaxLineLength));
    }
}
