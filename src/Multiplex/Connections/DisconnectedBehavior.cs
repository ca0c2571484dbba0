namespace Multiplex;

/// <summary>What a command does when its connection is down and reconnecting.</summary>
public enum DisconnectedBehavior
{
    /// <summary>
    /// The command waits in the connection's queue until the connection is back or its
    /// <see cref="RedisClientOptions.CommandTimeout"/> expires. The default.
    /// </summary>
    Queue = 0,

    /// <summary>The command fails at once with a <see cref="RedisConnectionException"/>.</summary>
    FailFast = 1,
}
