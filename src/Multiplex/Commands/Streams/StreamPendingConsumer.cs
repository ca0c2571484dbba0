namespace Multiplex;

/// <summary>A consumer in the XPENDING summary.</summary>
/// <param name="Name">The consumer.</param>
/// <param name="Count">How many entries it holds unacknowledged.</param>
public readonly record struct StreamPendingConsumer(string Name, long Count);
