namespace Multiplex.Commands;

/// <summary>
/// The server's flags for commands the typed methods do not send, as redis-server 7.0 reports them in its
/// <c>COMMAND</c> reply (<c>blocking</c>; <c>admin</c> or the <c>@dangerous</c> category), for
/// <see cref="RedisCommands.ExecuteAsync"/>. The route test checks this list against the server it runs.
/// </summary>
internal static class ServerCommandFlags
{
    /// <summary>Commands without a typed method that block or hold their connection.</summary>
    public static readonly HashSet<string> Blocking = new(StringComparer.OrdinalIgnoreCase)
    {
        "blpop", "brpop", "brpoplpush", "blmove", "blmpop", "bzpopmin", "bzpopmax", "bzmpop", "wait", "waitaof",
    };

    /// <summary>
    /// Commands without a typed method that the server flags admin or @dangerous and that can change data,
    /// configuration or other clients: they need <see cref="RedisClientOptions.AllowAdminCommands"/>.
    /// </summary>
    public static readonly HashSet<string> Admin = new(StringComparer.OrdinalIgnoreCase)
    {
        "acl|dryrun", "acl|load", "acl|save", "cluster|addslots", "cluster|addslotsrange", "cluster|bumpepoch",
        "cluster|delslots", "cluster|delslotsrange", "cluster|failover", "cluster|flushslots", "cluster|forget",
        "cluster|meet", "cluster|replicate", "cluster|reset", "cluster|saveconfig", "cluster|set-config-epoch",
        "cluster|setslot", "debug", "migrate", "module|load", "module|loadex", "module|unload", "pfdebug",
        "pfselftest", "psync", "replconf", "replicaof", "restore-asking", "slaveof", "sync",
    };

    /// <summary>Commands the server flags admin or @dangerous that only read, so they need no option.</summary>
    public static readonly HashSet<string> ReadOnlyAdmin = new(StringComparer.OrdinalIgnoreCase)
    {
        "latency|doctor", "latency|graph", "latency|histogram", "cluster|count-failure-reports", "cluster|replicas", "cluster|slaves",
    };

    /// <summary>Commands whose first argument names a subcommand.</summary>
    private static readonly HashSet<string> Containers = new(StringComparer.OrdinalIgnoreCase)
    {
        "acl", "client", "cluster", "command", "config", "function", "latency", "memory", "module", "object",
        "pubsub", "script", "slowlog", "xgroup", "xinfo",
    };

    /// <summary>Whether the command's first argument names a subcommand (<c>CONFIG GET</c>).</summary>
    public static bool IsContainer(string command) => Containers.Contains(command);
}
