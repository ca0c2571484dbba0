namespace Multiplex.Commands.Blocking;

/// <summary>How the blocking commands write their timeouts.</summary>
internal static class BlockingArguments
{
    /// <summary>
    /// Adds a timeout in seconds (BLPOP and the like): whole seconds as an integer, otherwise with
    /// decimals (Redis 6+). Zero waits forever.
    /// </summary>
    public static CommandArguments AddSeconds(CommandArguments arguments, TimeSpan timeout) =>
        timeout.Ticks % TimeSpan.TicksPerSecond == 0
            ? arguments.Add((long)timeout.TotalSeconds)
            : arguments.Add(timeout.TotalSeconds);

    /// <summary>
    /// A timeout in whole milliseconds (XREAD BLOCK, WAIT), rounded up so that a positive time never
    /// becomes 0, which the server reads as "wait forever".
    /// </summary>
    public static long Milliseconds(TimeSpan timeout) => (long)Math.Ceiling(timeout.TotalMilliseconds);
}
