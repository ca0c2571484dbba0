namespace Multiplex;

/// <summary>How FLUSHDB, FLUSHALL, SCRIPT FLUSH and FUNCTION FLUSH free memory.</summary>
public enum FlushMode
{
    /// <summary>The server's default (its <c>lazyfree-lazy-user-flush</c> setting); no argument is sent.</summary>
    Default,

    /// <summary>Free in the background (<c>ASYNC</c>).</summary>
    Async,

    /// <summary>Free before replying (<c>SYNC</c>).</summary>
    Sync,
}
