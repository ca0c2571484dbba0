namespace Multiplex;

/// <summary>What XAUTOCLAIM … JUSTID claimed.</summary>
/// <param name="NextStartId">The ID to pass as the start of the next call; <c>0-0</c> when the scan is complete.</param>
/// <param name="Ids">The claimed IDs.</param>
/// <param name="DeletedIds">Pending IDs that no longer exist in the stream (removed from the pending list).</param>
public sealed record StreamAutoClaimIdsResult(string NextStartId, string[] Ids, string[] DeletedIds);
