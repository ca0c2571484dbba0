namespace Multiplex;

/// <summary>Value equality of <see cref="RedisClientOptions"/>, with <see cref="Endpoints"/> compared element by element.</summary>
public sealed partial record RedisClientOptions
{
    /// <summary>Whether every option of <paramref name="other"/> equals this one's.</summary>
    /// <param name="other">The options to compare with.</param>
    public bool Equals(RedisClientOptions? other) =>
        other is not null
        && Endpoints.SequenceEqual(other.Endpoints)
        && User == other.User
        && Password == other.Password
        && CredentialsProvider == other.CredentialsProvider
        && Database == other.Database
        && Protocol == other.Protocol
        && Mode == other.Mode
        && Equals(Cluster, other.Cluster)
        && Equals(Sentinel, other.Sentinel)
        && ClientName == other.ClientName
        && NoEvict == other.NoEvict
        && NoTouch == other.NoTouch
        && MaintenanceNotifications == other.MaintenanceNotifications
        && MaxValueLength == other.MaxValueLength
        && TransportFactory == other.TransportFactory
        && ConnectTimeout == other.ConnectTimeout
        && CommandTimeout == other.CommandTimeout
        && ConnectionsPerNode == other.ConnectionsPerNode
        && MaxPendingCommands == other.MaxPendingCommands
        && WhileDisconnected == other.WhileDisconnected
        && Equals(Tls, other.Tls)
        && Equals(Limits, other.Limits)
        && Equals(Reconnect, other.Reconnect)
        && Equals(Retry, other.Retry)
        && Equals(KeepAlive, other.KeepAlive)
        && HeartbeatInterval == other.HeartbeatInterval
        && HeartbeatTimeout == other.HeartbeatTimeout
        && SetClientInfo == other.SetClientInfo
        && LibraryName == other.LibraryName
        && Equals(DedicatedPool, other.DedicatedPool)
        && AllowAdminCommands == other.AllowAdminCommands
        && QueryTextCapture == other.QueryTextCapture
        && Equals(ClientCache, other.ClientCache)
        && ClientTracking == other.ClientTracking
        && ClientTrackingRedirect == other.ClientTrackingRedirect
        && InvalidationSubscriber == other.InvalidationSubscriber;

    /// <summary>A hash consistent with <see cref="Equals(RedisClientOptions?)"/>.</summary>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (RedisEndpoint endpoint in Endpoints)
        {
            hash.Add(endpoint);
        }

        hash.Add(User);
        hash.Add(Password);
        hash.Add(Database);
        hash.Add(Protocol);
        hash.Add(ClientName);
        hash.Add(CommandTimeout);
        hash.Add(Tls);
        hash.Add(Reconnect);
        return hash.ToHashCode();
    }
}
