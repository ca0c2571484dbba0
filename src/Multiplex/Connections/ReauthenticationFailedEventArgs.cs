namespace Multiplex;

/// <summary>A live connection that could not re-authenticate with new credentials (<see cref="RedisClient.ReauthenticationFailed"/>).</summary>
public sealed class ReauthenticationFailedEventArgs : EventArgs
{
    internal ReauthenticationFailedEventArgs(string endpoint, Exception error)
    {
        Endpoint = endpoint;
        Error = error;
    }

    /// <summary>The server the connection goes to.</summary>
    public string Endpoint { get; }

    /// <summary>Why it failed (the server's refusal, or the connection's failure); never holds the password.</summary>
    public Exception Error { get; }
}
