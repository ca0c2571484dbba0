namespace Multiplex;

/// <summary>The reply of WAITAOF: how many servers have written the caller's earlier writes to their append-only file.</summary>
/// <param name="Local">1 when the server the command was sent to has fsynced them, else 0.</param>
/// <param name="Replicas">How many replicas have acknowledged fsyncing them.</param>
public readonly record struct WaitAofResult(long Local, long Replicas);
