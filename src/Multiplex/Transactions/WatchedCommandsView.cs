using Multiplex.Views;

namespace Multiplex.Transactions;

/// <summary>The commands of a watch context: each runs now, on the leased connection holding the WATCH (with the view's key prefix, if any).</summary>
internal sealed class WatchedCommandsView(RedisClientOptions options, DedicatedCommandSink connection, KeyPrefixer? prefixer)
    : RedisInteractiveCommands(options, connection, prefixer);
