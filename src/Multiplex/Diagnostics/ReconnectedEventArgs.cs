namespace Multiplex;

/// <summary>A lost connection was re-established (<see cref="RedisClient.Reconnected"/>).</summary>
public sealed class ReconnectedEventArgs : EventArgs
{
    internal ReconnectedEventArgs(string endpoint, ConnectionKind kind, int attempts, TimeSpan downtime)
    {
        Endpoint = endpoint;
        ConnectionKind = kind;
        Attempts = attempts;
        Downtime = downtime;
    }

    /// <summary>The server, as <c>host:port</c> (or the unix socket's path).</summary>
    public string Endpoint { get; }

    /// <summary>Which kind of connection it is.</summary>
    public ConnectionKind ConnectionKind { get; }

    /// <summary>How many attempts it took (1: the first one succeeded).</summary>
    public int Attempts { get; }

    /// <summary>From the loss of the connection to the new one being ready.</summary>
    public TimeSpan Downtime { get; }
}
