namespace Multiplex.Transactions;

/// <summary>The commands of a watch context: each runs now, on the leased connection holding the WATCH.</summary>
internal sealed class WatchedCommandsView(RedisClientOptions options, DedicatedCommandSink connection) : RedisInteractiveCommands(options, connection);
