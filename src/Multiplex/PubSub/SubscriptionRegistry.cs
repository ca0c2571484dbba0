namespace Multiplex.PubSub;

/// <summary>
/// The local subscriptions of one connection, reference counted per channel: the first local
/// subscriber of a name needs a server SUBSCRIBE, the last one to leave needs an UNSUBSCRIBE. Callers
/// hold <see cref="SyncRoot"/> while they change the registry and queue the matching server command,
/// so the server sees subscribes and unsubscribes in the same order as the registry changed.
/// </summary>
internal sealed class SubscriptionRegistry
{
    private readonly Dictionary<RedisValue, List<RedisSubscription>>[] _byKind =
        [new(), new(), new()];

    /// <summary>Held while the registry changes and the matching command is queued.</summary>
    public Lock SyncRoot { get; } = new();

    /// <summary>Whether any subscription is live.</summary>
    public bool IsEmpty
    {
        get
        {
            lock (SyncRoot)
            {
                return _byKind.All(names => names.Count == 0);
            }
        }
    }

    /// <summary>Adds a subscription; returns the names that had no local subscriber yet. Hold <see cref="SyncRoot"/>.</summary>
    public List<RedisValue> Add(RedisSubscription subscription)
    {
        var names = _byKind[(int)subscription.Kind];
        var added = new List<RedisValue>();
        foreach (var name in subscription.ServerNames)
        {
            if (!names.TryGetValue(name, out var subscribers))
            {
                names[name] = subscribers = [];
                added.Add(name);
            }

            subscribers.Add(subscription);
        }

        return added;
    }

    /// <summary>Removes a subscription; returns the names left with no local subscriber. Hold <see cref="SyncRoot"/>.</summary>
    public List<RedisValue> Remove(RedisSubscription subscription)
    {
        var names = _byKind[(int)subscription.Kind];
        var removed = new List<RedisValue>();
        foreach (var name in subscription.ServerNames)
        {
            if (names.TryGetValue(name, out var subscribers) && subscribers.Remove(subscription) && subscribers.Count == 0)
            {
                names.Remove(name);
                removed.Add(name);
            }
        }

        return removed;
    }

    /// <summary>Every name with at least one local subscriber, for resubscribing after a reconnect.</summary>
    public List<RedisValue> Names(SubscriptionKind kind)
    {
        lock (SyncRoot)
        {
            return [.. _byKind[(int)kind].Keys];
        }
    }

    /// <summary>Every live subscription (each once).</summary>
    public List<RedisSubscription> All()
    {
        lock (SyncRoot)
        {
            return [.. _byKind.SelectMany(names => names.Values).SelectMany(list => list).Distinct()];
        }
    }

    /// <summary>Hands a published message to its local subscribers; returns how many received it.</summary>
    public int Route(in PushMessage push)
    {
        var (kind, name) = push.Kind switch
        {
            PushKind.Message => (SubscriptionKind.Channel, push.Channel),
            PushKind.PatternMessage => (SubscriptionKind.Pattern, push.Pattern),
            PushKind.ShardMessage => (SubscriptionKind.Shard, push.Channel),
            _ => (SubscriptionKind.Channel, RedisValue.Null),
        };
        if (name.IsNull)
        {
            return 0;
        }

        var message = new RedisMessage(push.Channel, push.Payload, push.Kind == PushKind.PatternMessage ? push.Pattern : RedisValue.Null);
        lock (SyncRoot)
        {
            if (!_byKind[(int)kind].TryGetValue(name, out var subscribers))
            {
                return 0;
            }

            foreach (var subscriber in subscribers)
            {
                subscriber.Deliver(message);
            }

            return subscribers.Count;
        }
    }
}
