namespace Multiplex.Connections;

/// <summary>What <see cref="InFlightQueue.TryEnqueue(PendingCommand, int)"/> did.</summary>
internal enum EnqueueResult
{
    /// <summary>The command joined the queue.</summary>
    Added,

    /// <summary>The queue holds as many commands as it may: wait for replies to make room.</summary>
    Full,

    /// <summary>The queue is closed: its connection was torn down.</summary>
    Closed,
}
