namespace Multiplex;

/// <summary>
/// Something the client does in the background failed and was logged (<see cref="RedisClient.Error"/>):
/// a protocol violation that broke a connection, a writer loop's failure, a connect attempt the server
/// refused for good (credentials, database), a cluster slot map or Sentinel query that failed, a resubscribe
/// that failed.
/// </summary>
public sealed class ClientErrorEventArgs : EventArgs
{
    internal ClientErrorEventArgs(string? endpoint, ConnectionKind? kind, string activity, Exception error)
    {
        Endpoint = endpoint;
        ConnectionKind = kind;
        Activity = activity;
        Error = error;
    }

    /// <summary>The server involved, as <c>host:port</c>; null when it is not one server.</summary>
    public string? Endpoint { get; }

    /// <summary>The kind of connection involved; null when it is not one connection.</summary>
    public ConnectionKind? ConnectionKind { get; }

    /// <summary>What the client was doing, in a few words (<c>"reading replies"</c>, <c>"reloading the slot map"</c>, …).</summary>
    public string Activity { get; }

    /// <summary>The failure; never holds a password or a token.</summary>
    public Exception Error { get; }
}
