namespace Multiplex;

/// <summary>The server refused the credentials (or their absence) during the connection handshake.</summary>
public sealed class RedisAuthenticationException : RedisException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What the server said, with the endpoint and user name, never the password.</param>
    /// <param name="innerException">The server error, if any.</param>
    public RedisAuthenticationException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
