using Multiplex.Commands;
using Multiplex.Topology;

namespace Multiplex.PubSub;

/// <summary>The pub/sub commands the typed methods send (subscriptions are sent by <see cref="PubSubHub"/>).</summary>
internal static class PubSubTokens
{
    public static readonly CommandSpec Publish = CommandSpec.Other("PUBLISH");

    // A shard channel hashes like a key: SPUBLISH goes to the node owning the channel's slot.
    public static readonly CommandSpec SPublish = CommandSpec.Other("SPUBLISH", null, KeySpec.First);
    public static readonly CommandSpec Channels = CommandSpec.Other("PUBSUB", "CHANNELS");
    public static readonly CommandSpec NumSub = CommandSpec.Other("PUBSUB", "NUMSUB");
    public static readonly CommandSpec NumPat = CommandSpec.Other("PUBSUB", "NUMPAT");
    public static readonly CommandSpec ShardChannels = CommandSpec.Other("PUBSUB", "SHARDCHANNELS");
    public static readonly CommandSpec ShardNumSub = CommandSpec.Other("PUBSUB", "SHARDNUMSUB");
}
