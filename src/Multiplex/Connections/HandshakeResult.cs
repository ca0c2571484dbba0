namespace Multiplex.Connections;

/// <summary>What the connection handshake learnt about the server.</summary>
/// <param name="Protocol">The protocol the connection speaks.</param>
/// <param name="ServerVersion">The server's version, when it said (HELLO reply), else null.</param>
/// <param name="ConnectionId">The server's id for the connection (CLIENT ID), when it said.</param>
/// <param name="Mode">The server's mode as HELLO reports it (<c>standalone</c>, <c>cluster</c>, <c>sentinel</c>); null under RESP2.</param>
/// <param name="Tracking">Whether the server turned <c>CLIENT TRACKING</c> on; null when it was not asked.</param>
internal sealed record HandshakeResult(RedisProtocol Protocol, string? ServerVersion, long? ConnectionId, string? Mode = null, bool? Tracking = null);
