namespace Multiplex;

/// <summary>A live connection that could not re-authenticate with new credentials (<see cref="RedisClient.ReauthenticationFailed"/>).</summary>
public sealed class ReauthenticationFailedEventArgs : EventArgs
{
    internal ReauthenticationFailedEventArgs(string endpoint, Exception error, ConnectionKind kind = ConnectionKind.Shared)
    {
        Endpoint = endpoint;
        Error = error;
        ConnectionKind = kind;
    }

    /// <summary>The server the connection goes to.</summary>
    public string Endpoint { get; }

    /// <summary>Which kind of connection it is (a shared one, or a RESP3 subscriber's, which is a shared one too).</summary>
    public ConnectionKind ConnectionKind { get; }

    /// <summary>Why it failed (the server's refusal, or the connection's failure); never holds the password.</summary>
    public Exception Error { get; }
}
