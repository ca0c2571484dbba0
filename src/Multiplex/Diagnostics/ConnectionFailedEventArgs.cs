namespace Multiplex;

/// <summary>
/// A live connection was lost, or an attempt to open one failed (<see cref="RedisClient.ConnectionFailed"/>).
/// </summary>
public sealed class ConnectionFailedEventArgs : EventArgs
{
    internal ConnectionFailedEventArgs(string endpoint, ConnectionKind kind, Exception error, int attempt)
    {
        Endpoint = endpoint;
        ConnectionKind = kind;
        Error = error;
        Attempt = attempt;
    }

    /// <summary>The server, as <c>host:port</c> (or the unix socket's path).</summary>
    public string Endpoint { get; }

    /// <summary>Which kind of connection it is.</summary>
    public ConnectionKind ConnectionKind { get; }

    /// <summary>Why it failed; never holds a password or a token.</summary>
    public Exception Error { get; }

    /// <summary>
    /// 0 when a live connection was lost; otherwise which attempt to open the connection failed (1 for the
    /// first, counted from the loss, or from the client's start for a connection never established).
    /// </summary>
    public int Attempt { get; }
}
