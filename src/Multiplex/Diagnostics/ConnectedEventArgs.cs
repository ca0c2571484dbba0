namespace Multiplex;

/// <summary>A connection was established for the first time (<see cref="RedisClient.Connected"/>).</summary>
public sealed class ConnectedEventArgs : EventArgs
{
    internal ConnectedEventArgs(string endpoint, ConnectionKind kind, RedisProtocol protocol, string? serverVersion)
    {
        Endpoint = endpoint;
        ConnectionKind = kind;
        Protocol = protocol;
        ServerVersion = serverVersion;
    }

    /// <summary>The server, as <c>host:port</c> (or the unix socket's path).</summary>
    public string Endpoint { get; }

    /// <summary>Which kind of connection it is.</summary>
    public ConnectionKind ConnectionKind { get; }

    /// <summary>The protocol the handshake negotiated.</summary>
    public RedisProtocol Protocol { get; }

    /// <summary>The server's version, as HELLO gave it; null when the server did not say (RESP2).</summary>
    public string? ServerVersion { get; }
}
