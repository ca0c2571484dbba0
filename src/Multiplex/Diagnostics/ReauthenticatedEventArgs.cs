namespace Multiplex;

/// <summary>A live connection authenticated with new credentials in place (<see cref="RedisClient.Reauthenticated"/>).</summary>
public sealed class ReauthenticatedEventArgs : EventArgs
{
    internal ReauthenticatedEventArgs(string endpoint, ConnectionKind kind)
    {
        Endpoint = endpoint;
        ConnectionKind = kind;
    }

    /// <summary>The server, as <c>host:port</c> (or the unix socket's path).</summary>
    public string Endpoint { get; }

    /// <summary>Which kind of connection it is.</summary>
    public ConnectionKind ConnectionKind { get; }
}
