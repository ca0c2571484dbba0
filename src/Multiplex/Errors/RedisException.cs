namespace Multiplex;

/// <summary>
/// The root of every exception Multiplex throws for a Redis operation. Messages name the endpoint and
/// the command where they are known, and never contain a password or token.
/// </summary>
public class RedisException : Exception
{
    /// <summary>Creates an exception with a message.</summary>
    /// <param name="message">What went wrong.</param>
    public RedisException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message and the exception that caused it.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The cause.</param>
    public RedisException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The server endpoint involved (for example <c>127.0.0.1:6379</c>), when known.</summary>
    public string? Endpoint { get; init; }

    /// <summary>The name of the Redis command involved (for example <c>GET</c>), when known.</summary>
    public string? Command { get; init; }

    /// <summary>
    /// Whether retrying the same operation later may succeed (a lost connection, a timeout, a busy
    /// server), as opposed to an error that will repeat (a wrong type, a syntax error).
    /// </summary>
    public virtual bool IsTransient => false;
}
