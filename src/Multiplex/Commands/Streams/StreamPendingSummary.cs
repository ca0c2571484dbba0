namespace Multiplex;

/// <summary>The summary form of XPENDING: what a consumer group has delivered but not yet acknowledged.</summary>
/// <param name="Count">How many entries are pending.</param>
/// <param name="LowestId">The smallest pending ID; null when nothing is pending.</param>
/// <param name="HighestId">The greatest pending ID; null when nothing is pending.</param>
/// <param name="Consumers">Each consumer with pending entries and how many it holds.</param>
public sealed record StreamPendingSummary(long Count, string? LowestId, string? HighestId, StreamPendingConsumer[] Consumers);
