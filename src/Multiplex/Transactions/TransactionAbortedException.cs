namespace Multiplex;

/// <summary>
/// The server refused to run a MULTI/EXEC transaction (<c>EXECABORT</c>) because at least one of its
/// commands was refused when it was queued (an unknown command, a wrong number of arguments, …).
/// Nothing in the transaction ran. The refused commands fail with their own
/// <see cref="RedisServerException"/>; the transaction and its other commands fail with this
/// exception, whose message names the refused commands and why.
/// </summary>
public sealed class TransactionAbortedException : RedisException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What was aborted and why.</param>
    /// <param name="innerException">The server's <c>EXECABORT</c> error, when there is one.</param>
    public TransactionAbortedException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
