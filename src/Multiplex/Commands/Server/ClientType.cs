namespace Multiplex;

/// <summary>A kind of connection, for CLIENT LIST and CLIENT KILL filters (<c>TYPE</c>).</summary>
public enum ClientType
{
    /// <summary>Ordinary clients (<c>normal</c>).</summary>
    Normal,

    /// <summary>Connections of the replication link to this server's primary (<c>master</c>).</summary>
    Primary,

    /// <summary>Replicas connected to this server (<c>replica</c>).</summary>
    Replica,

    /// <summary>Clients in subscriber mode (<c>pubsub</c>).</summary>
    PubSub,
}
