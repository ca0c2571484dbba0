namespace Multiplex.Stress.Storm;

/// <summary>
/// The last few thousand operations (key, nonce, outcome), kept so a misdelivery can be shown with
/// what happened around it. Writers never wait: each takes the next slot with one interlocked add.
/// </summary>
public sealed class EventRing
{
    // Enough history to cover every in-flight command of 1,000 callers a few times over.
    private const int Capacity = 8192;

    private readonly StormEvent?[] _events = new StormEvent?[Capacity];
    private long _next;

    /// <summary>Records one operation's outcome.</summary>
    public void Add(string client, string operation, string key, long nonce, string outcome) =>
        _events[(Interlocked.Increment(ref _next) - 1) % Capacity] = new StormEvent(DateTime.UtcNow, client, operation, key, nonce, outcome);

    /// <summary>The most recent events, oldest first.</summary>
    public IReadOnlyList<StormEvent> Last(int count)
    {
        var end = Interlocked.Read(ref _next);
        var start = Math.Max(0, end - Math.Min(count, Capacity));
        var list = new List<StormEvent>();
        for (var i = start; i < end; i++)
        {
            if (_events[i % Capacity] is { } recorded)
            {
                list.Add(recorded);
            }
        }

        return list;
    }
}

/// <summary>One operation in the ring.</summary>
public sealed record StormEvent(DateTime At, string Client, string Operation, string Key, long Nonce, string Outcome)
{
    /// <inheritdoc />
    public override string ToString() => $"{At:HH:mm:ss.ffffff} {Client,-18} {Operation,-6} {Key} nonce={Nonce} {Outcome}";
}
