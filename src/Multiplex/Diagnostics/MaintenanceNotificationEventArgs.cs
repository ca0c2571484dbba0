namespace Multiplex;

/// <summary>A server maintenance notification arrived (<see cref="RedisClient.MaintenanceNotification"/>).</summary>
public sealed class MaintenanceNotificationEventArgs : EventArgs
{
    internal MaintenanceNotificationEventArgs(
        string endpoint, ConnectionKind connectionKind, MaintenanceNotificationKind kind, string name, long? sequenceId,
        TimeSpan? timeRemaining, string? target, IReadOnlyList<string?> arguments)
    {
        Endpoint = endpoint;
        ConnectionKind = connectionKind;
        Kind = kind;
        Name = name;
        SequenceId = sequenceId;
        TimeRemaining = timeRemaining;
        Target = target;
        Arguments = arguments;
    }

    /// <summary>The server that sent it, as <c>host:port</c>.</summary>
    public string Endpoint { get; }

    /// <summary>The kind of connection it arrived on.</summary>
    public ConnectionKind ConnectionKind { get; }

    /// <summary>Which notification it is.</summary>
    public MaintenanceNotificationKind Kind { get; }

    /// <summary>Its name as the server sent it (<c>MOVING</c>, <c>MIGRATING</c>, …).</summary>
    public string Name { get; }

    /// <summary>The notification's sequence number; null when the server sent none.</summary>
    public long? SequenceId { get; }

    /// <summary>
    /// For <see cref="MaintenanceNotificationKind.Moving"/>, <see cref="MaintenanceNotificationKind.Migrating"/>
    /// and <see cref="MaintenanceNotificationKind.FailingOver"/>: the time the server gives (seconds) before it
    /// happens or for how long it lasts; otherwise null.
    /// </summary>
    public TimeSpan? TimeRemaining { get; }

    /// <summary>For <see cref="MaintenanceNotificationKind.Moving"/>: the endpoint to reconnect to (<c>host:port</c>); null when the server names none (reconnect to the same address).</summary>
    public string? Target { get; }

    /// <summary>Every element after the name, as text (null for a null element), in the server's order.</summary>
    public IReadOnlyList<string?> Arguments { get; }
}
