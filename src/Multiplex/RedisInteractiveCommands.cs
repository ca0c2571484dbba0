using Multiplex.Commands;
using Multiplex.Views;

namespace Multiplex;

/// <summary>
/// The commands of <see cref="RedisCommands"/>, plus those that need a reply before the next command
/// can be sent (iterating a cursor with <c>ScanAsync</c>, <c>HScanAsync</c>, <c>SScanAsync</c>,
/// <c>ZScanAsync</c>). Offered where each command runs as it is called: on <see cref="RedisClient"/>,
/// on a dedicated session (<see cref="RedisSessionCommands"/>), and on the connection of a watch context
/// (<see cref="RedisWatchContext.Client"/>); not on batches or transactions, whose commands wait to be
/// sent together.
/// </summary>
public abstract partial class RedisInteractiveCommands : RedisCommands
{
    private protected RedisInteractiveCommands(RedisClientOptions options, ICommandSink sink, KeyPrefixer? prefixer = null)
        : base(options, sink, prefixer)
    {
    }
}
