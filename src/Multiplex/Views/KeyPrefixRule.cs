namespace Multiplex.Views;

/// <summary>What a key-prefix view does to a command's arguments besides the keys its <see cref="Topology.KeySpec"/> finds.</summary>
internal enum KeyPrefixRule
{
    /// <summary>Only the keys its key specification finds get the prefix (almost every command).</summary>
    Keys,

    /// <summary>Refused: it reaches keys that are not named in its arguments.</summary>
    Refused,

    /// <summary>KEYS: its pattern (argument 1) is a glob over key names.</summary>
    KeysPattern,

    /// <summary>SCAN: its MATCH pattern is a glob over key names, added when the caller gave none.</summary>
    ScanPattern,

    /// <summary>SORT and SORT_RO: the keys, and the BY and GET patterns, which name keys (GET <c>#</c> excepted).</summary>
    SortPatterns,

    /// <summary>PUBLISH and SPUBLISH: argument 1 is a channel (SPUBLISH's key specification counts it as a key, for its slot).</summary>
    Channel,

    /// <summary>PUBSUB CHANNELS and SHARDCHANNELS: an optional glob over channel names, added when the caller gave none.</summary>
    ChannelPattern,

    /// <summary>PUBSUB NUMSUB and SHARDNUMSUB: every argument is a channel.</summary>
    Channels,
}
