namespace Multiplex;

/// <summary>An element found by VSIM or listed by VLINKS, with its score.</summary>
/// <param name="Element">The element.</param>
/// <param name="Score">Its similarity score (Redis: 1 identical to 0 opposite; other servers may report a distance).</param>
/// <param name="Attributes">Its JSON attributes when asked for and set; otherwise null.</param>
public sealed record VectorMatch(RedisValue Element, double Score, string? Attributes);
