namespace Multiplex.Transactions;

/// <summary>How one WATCH … MULTI/EXEC attempt on a dedicated connection ended.</summary>
internal enum WatchedOutcome
{
    /// <summary>EXEC ran the commands (or there were none to run).</summary>
    Committed,

    /// <summary>EXEC returned null: a watched key changed, nothing ran.</summary>
    Discarded,

    /// <summary>The checks before MULTI said not to run (a condition did not hold): nothing was sent.</summary>
    Skipped,
}
