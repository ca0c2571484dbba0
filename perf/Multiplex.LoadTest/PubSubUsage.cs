namespace Multiplex.LoadTest;

/// <summary>What a pub/sub run did besides its deliveries: its shape, what was published, what was dropped.</summary>
public sealed record PubSubUsage(int Publishers, int Subscribers, long Published, long Dropped, int PayloadSize, TimeSpan Elapsed)
{
    public double PublishedPerSecond => Published / Elapsed.TotalSeconds;
}
