using System.Text;
using Multiplex.Commands;
using Multiplex.Topology;

namespace Multiplex.IntegrationTests.Commands.Routing;

/// <summary>
/// Compares a command's declared spec with the server's description of the command: the name on the
/// wire, the keys (the server's <c>COMMAND GETKEYS</c> on the very frame), the <c>readonly</c>,
/// <c>write</c>, <c>blocking</c> and <c>admin</c> flags, and the route against the command tips. Each
/// deliberate difference is listed here with its reason.
/// </summary>
internal sealed class RouteChecker(ServerCommandTable server)
{
    /// <summary>Commands the test server (redis-server 7.0) does not have, checked by hand against the Redis documentation.</summary>
    public static readonly Dictionary<string, string> NewerThanServer = new(StringComparer.Ordinal)
    {
        ["client|no-touch"] = "Redis 7.2",
        ["waitaof"] = "Redis 7.2",
        ["hexpire"] = "Redis 7.4", ["hpexpire"] = "Redis 7.4", ["hexpireat"] = "Redis 7.4", ["hpexpireat"] = "Redis 7.4",
        ["httl"] = "Redis 7.4", ["hpttl"] = "Redis 7.4", ["hexpiretime"] = "Redis 7.4", ["hpexpiretime"] = "Redis 7.4", ["hpersist"] = "Redis 7.4",
        ["vadd"] = "Redis 8.0", ["vsim"] = "Redis 8.0", ["vcard"] = "Redis 8.0", ["vdim"] = "Redis 8.0", ["vemb"] = "Redis 8.0",
        ["vrem"] = "Redis 8.0", ["vgetattr"] = "Redis 8.0", ["vsetattr"] = "Redis 8.0", ["vinfo"] = "Redis 8.0", ["vlinks"] = "Redis 8.0",
        ["vrandmember"] = "Redis 8.0", ["vismember"] = "Redis 8.0",
    };

    /// <summary>Routes that differ from the server's request policy on purpose.</summary>
    public static readonly Dictionary<string, string> RouteExceptions = new(StringComparer.Ordinal)
    {
        ["mset"] = "an atomic multi-key write: its keys must share a slot, it is never split",
        ["msetnx"] = "an atomic multi-key write: its keys must share a slot, it is never split",
        ["ping"] = "PingAsync measures a round trip to one server",
        ["info"] = "describes one server; each node is addressed on its own",
        ["memory|stats"] = "describes one server; each node is addressed on its own",
        ["slowlog|get"] = "describes one server; each node is addressed on its own",
        ["latency|latest"] = "describes one server; each node is addressed on its own",
        ["latency|history"] = "describes one server; each node is addressed on its own",
        ["randomkey"] = "a random key of one node is a random key",
    };

    /// <summary>Commands the server flags <c>admin</c> that only read: they do not need <see cref="RedisClientOptions.AllowAdminCommands"/>.</summary>
    public static readonly Dictionary<string, string> ReadOnlyAdmin = new(StringComparer.Ordinal)
    {
        ["config|get"] = "reads the configuration",
        ["client|list"] = "lists connections",
        ["client|info"] = "describes this connection",
        ["client|id"] = "names this connection",
        ["client|getname"] = "reads this connection's name",
        ["slowlog|get"] = "reads the slow log",
        ["slowlog|len"] = "reads the slow log",
        ["slowlog|reset"] = "clears the slow log, disturbing no one",
        ["latency|latest"] = "reads latency samples",
        ["latency|history"] = "reads latency samples",
        ["latency|reset"] = "clears latency samples, disturbing no one",
        ["module|list"] = "lists modules",
        ["lastsave"] = "reads a timestamp",
        ["acl|log"] = "reads the ACL log",
        ["acl|list"] = "lists users",
        ["acl|users"] = "lists users",
        ["acl|getuser"] = "reads a user's rules",
        ["role"] = "reads the replication role",
        ["memory|stats"] = "reads memory figures",
        ["command|docs"] = "reads command documentation",
        ["client|unpause"] = "ends a pause, disturbing no one",
        ["client|no-evict"] = "changes only the dedicated session's own connection",
    };

    /// <summary>Commands that need <see cref="RedisClientOptions.AllowAdminCommands"/> although the server flags them neither admin nor @dangerous.</summary>
    public static readonly Dictionary<string, string> DestructiveWithoutFlag = new(StringComparer.Ordinal)
    {
        ["script|flush"] = "deletes every cached script of the server",
        ["function|flush"] = "deletes every function library of the server",
        ["function|restore"] = "may replace or flush every function library of the server",
    };

    /// <summary>Commands that hold their connection although the server does not flag them <c>blocking</c>.</summary>
    public static readonly Dictionary<string, string> HoldTheirConnection = new(StringComparer.Ordinal)
    {
        ["wait"] = "blocks until replicas acknowledge",
        ["waitaof"] = "blocks until the append-only file is fsynced",
        ["monitor"] = "turns its connection into a feed",
    };

    /// <summary>Commands whose shard channel is routed by its slot, as a key, although GETKEYS leaves channels out.</summary>
    public static readonly Dictionary<string, string> ChannelsAsKeys = new(StringComparer.Ordinal)
    {
        ["spublish"] = "a shard channel lives in the slot of its name",
    };

    /// <summary>What is wrong with <paramref name="captured"/>, sent by <paramref name="method"/>; empty when nothing is.</summary>
    public async Task<List<string>> CheckAsync(string method, CapturedCommand captured)
    {
        var problems = new List<string>();
        var spec = captured.Spec;
        var arguments = captured.Arguments;
        var name = Name(spec);
        void Problem(string text) => problems.Add($"{method} ({spec.Name}): {text}");

        if (!NameMatches(spec, arguments))
        {
            Problem($"the frame starts with '{string.Join(' ', arguments.Take(spec.NameLength).Select(Encoding.UTF8.GetString))}', not the spec's name");
        }

        var command = server.Find(name);
        if (command is null)
        {
            if (!NewerThanServer.ContainsKey(name))
            {
                Problem("the server does not know this command and it is not listed as newer than the server");
            }

            return problems;
        }

        var ours = spec.Keys.ReadKeys(captured.Frame).Select(Encoding.UTF8.GetString).ToList();
        var (theirs, error) = ChannelsAsKeys.ContainsKey(name) ? ([Encoding.UTF8.GetString(arguments[1])], null) : await server.GetKeysAsync(arguments);
        if (error is not null)
        {
            Problem($"the server refuses the frame ({arguments.Count} arguments) for GETKEYS: {error}");
        }
        else if (!ours.SequenceEqual(theirs))
        {
            Problem($"keys [{string.Join(", ", ours)}], the server finds [{string.Join(", ", theirs)}]");
        }

        if (spec.IsReadOnly != command.Flags.Contains("readonly"))
        {
            Problem($"read-only is {spec.IsReadOnly}, the server's readonly flag {command.Flags.Contains("readonly")}");
        }

        var writes = (spec.Traits & CommandTraits.Write) != 0;
        if (writes != command.Flags.Contains("write"))
        {
            Problem($"write is {writes}, the server's write flag {command.Flags.Contains("write")}");
        }

        var blocking = name is "xread" or "xreadgroup"
            ? arguments.Any(argument => Encoding.UTF8.GetString(argument).Equals("BLOCK", StringComparison.OrdinalIgnoreCase))
            : command.Flags.Contains("blocking") || HoldTheirConnection.ContainsKey(name);
        if (spec.IsBlocking != blocking)
        {
            Problem($"blocking is {spec.IsBlocking}, expected {blocking}");
        }

        var dangerous = command.Flags.Contains("admin") || command.Categories.Contains("@dangerous");
        if (spec.IsAdmin && !dangerous && !DestructiveWithoutFlag.ContainsKey(name))
        {
            Problem("needs AllowAdminCommands, but the server flags it neither admin nor @dangerous");
        }

        if (!spec.IsAdmin && command.Flags.Contains("admin") && !ReadOnlyAdmin.ContainsKey(name))
        {
            Problem("the server flags it admin, but it does not need AllowAdminCommands and is not listed as a read-only admin command");
        }

        var (route, aggregate) = ExpectedRoute(name, command, spec.Keys.HasKeys);
        if (spec.Route != route || (aggregate is { } expected && spec.Aggregate != expected))
        {
            Problem($"route {spec.Route}/{spec.Aggregate}, expected {route}/{aggregate?.ToString() ?? "any"} (request policy {command.RequestPolicy ?? "none"}, response policy {command.ResponsePolicy ?? "none"})");
        }

        return problems;
    }

    /// <summary>The server's name of the spec's command: <c>get</c>, <c>object|encoding</c>.</summary>
    public static string Name(CommandSpec spec) =>
        (spec.Subcommand is null ? spec.Token.Name : $"{spec.Token.Name}|{spec.Subcommand.Name}").ToLowerInvariant();

    private static bool NameMatches(CommandSpec spec, IReadOnlyList<byte[]> arguments) =>
        arguments.Count >= spec.NameLength
        && Encoding.UTF8.GetString(arguments[0]).Equals(spec.Token.Name, StringComparison.OrdinalIgnoreCase)
        && (spec.Subcommand is null || Encoding.UTF8.GetString(arguments[1]).Equals(spec.Subcommand.Name, StringComparison.OrdinalIgnoreCase));

    /// <summary>The route the server's tips ask for; a null aggregate accepts any.</summary>
    /// <remarks>Without a request policy a command goes by its keys when it can have any (EVAL with none goes to any node at run time).</remarks>
    private static (RouteKind Route, ReplyAggregate? Aggregate) ExpectedRoute(string name, ServerCommand command, bool hasKeys)
    {
        var byKeys = hasKeys ? RouteKind.Keys : RouteKind.AnyNode;
        if (RouteExceptions.ContainsKey(name))
        {
            return (byKeys, ReplyAggregate.None);
        }

        return command.RequestPolicy switch
        {
            "all_shards" => (RouteKind.AllPrimaries, Aggregate(command.ResponsePolicy, ReplyAggregate.Merge)),
            "all_nodes" => (RouteKind.AllNodes, Aggregate(command.ResponsePolicy, ReplyAggregate.Merge)),
            "multi_shard" => (RouteKind.SplitBySlot, Aggregate(command.ResponsePolicy, ReplyAggregate.InKeyOrder)),
            "special" => (RouteKind.AllPrimaries, null),
            _ => (byKeys, ReplyAggregate.None),
        };
    }

    private static ReplyAggregate? Aggregate(string? policy, ReplyAggregate whenNone) => policy switch
    {
        null => whenNone,
        "agg_sum" => ReplyAggregate.Sum,
        "agg_min" => ReplyAggregate.Min,
        "all_succeeded" => ReplyAggregate.AllSucceeded,
        "one_succeeded" => ReplyAggregate.OneSucceeded,
        "agg_logical_and" => ReplyAggregate.LogicalAnd,
        _ => null, // "special": the client decides how to combine
    };
}
