namespace Multiplex;

/// <summary>A replica connected to a primary, as the primary's ROLE reply lists it.</summary>
/// <param name="Host">The replica's address.</param>
/// <param name="Port">The replica's listening port.</param>
/// <param name="ReplicationOffset">The last replication offset the replica acknowledged.</param>
public sealed record ReplicaConnection(string Host, int Port, long ReplicationOffset);
