namespace Multiplex;

/// <summary>One matching run of <c>LCS … IDX</c>: where it lies in each string, both ends inclusive.</summary>
/// <param name="FirstStart">Start offset in the first key's string.</param>
/// <param name="FirstEnd">End offset (inclusive) in the first key's string.</param>
/// <param name="SecondStart">Start offset in the second key's string.</param>
/// <param name="SecondEnd">End offset (inclusive) in the second key's string.</param>
/// <param name="Length">The run's length when <c>WITHMATCHLEN</c> was asked for; otherwise null.</param>
public sealed record LcsMatch(long FirstStart, long FirstEnd, long SecondStart, long SecondEnd, long? Length);
