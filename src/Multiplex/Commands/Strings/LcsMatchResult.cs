namespace Multiplex;

/// <summary>The reply of <c>LCS … IDX</c>: the matching runs (last run first, as Redis lists them) and the total length.</summary>
/// <param name="Matches">The runs that make up the longest common subsequence, longer than the minimum asked for.</param>
/// <param name="Length">The length of the longest common subsequence.</param>
public sealed record LcsMatchResult(IReadOnlyList<LcsMatch> Matches, long Length);
