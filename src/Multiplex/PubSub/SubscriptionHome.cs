using Multiplex.Connections;
using Multiplex.Topology;

namespace Multiplex.PubSub;

/// <summary>
/// What one node's subscription connection carries for the client: the names the server was asked to
/// hold there, per kind. The hub changes and reads it under its lock; the reconnect preamble of the
/// connection resubscribes exactly these names.
/// </summary>
internal sealed class SubscriptionHome(RedisNode node, Connection connection)
{
    private readonly HashSet<RedisValue>[] _names = [[], [], []];

    /// <summary>The node.</summary>
    public RedisNode Node => node;

    /// <summary>Its subscription connection (the first shared connection under RESP3).</summary>
    public Connection Connection => connection;

    /// <summary>Whether the server holds <paramref name="name"/> here.</summary>
    public bool Holds(SubscriptionKind kind, in RedisValue name) => _names[(int)kind].Contains(name);

    /// <summary>Whether any name of <paramref name="subscription"/> is held here.</summary>
    public bool HoldsAny(RedisSubscription subscription)
    {
        var names = _names[(int)subscription.Kind];
        return subscription.ServerNames.Any(names.Contains);
    }

    /// <summary>Records names about to be subscribed here.</summary>
    public void Add(SubscriptionKind kind, IEnumerable<RedisValue> names) => _names[(int)kind].UnionWith(names);

    /// <summary>Forgets a name; false when it was not held here.</summary>
    public bool Remove(SubscriptionKind kind, in RedisValue name) => _names[(int)kind].Remove(name);

    /// <summary>A copy of the names of one kind.</summary>
    public List<RedisValue> Names(SubscriptionKind kind) => [.. _names[(int)kind]];
}
