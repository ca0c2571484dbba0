namespace Multiplex;

/// <summary>
/// The bytes received from a server are not valid RESP, or exceed a configured limit. The connection
/// that received them is torn down.
/// </summary>
public sealed class RedisProtocolException : RedisException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What was wrong with the data.</param>
    public RedisProtocolException(string message)
        : base(message)
    {
    }
}
