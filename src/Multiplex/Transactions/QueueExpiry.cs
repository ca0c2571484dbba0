using Multiplex.Connections;

namespace Multiplex.Transactions;

/// <summary>
/// Watches the batches and transactions that hold commands not sent yet, so a command awaited before its
/// batch is executed (or in one never executed) times out instead of waiting forever. One timer serves
/// every queue; it looks at a queue's first command only, as held commands' deadlines follow the order
/// they were queued in.
/// </summary>
internal static class QueueExpiry
{
    // How often held commands are checked: their timeouts surface within this much of their deadline.
    private static readonly TimeSpan Period = TimeSpan.FromMilliseconds(50);

    private static readonly HashSet<QueuedCommands> Queues = [];
    private static readonly Lock Gate = new();
    private static Timer? _timer;

    /// <summary>Starts watching <paramref name="queue"/>.</summary>
    public static void Watch(QueuedCommands queue)
    {
        lock (Gate)
        {
            Queues.Add(queue);
            _timer ??= BackgroundWork.Timer(static _ => Sweep(), null, Period, Period);
        }
    }

    /// <summary>Stops watching <paramref name="queue"/> (its commands were taken).</summary>
    public static void Forget(QueuedCommands queue)
    {
        lock (Gate)
        {
            Queues.Remove(queue);
        }
    }

    private static void Sweep()
    {
        QueuedCommands[] queues;
        lock (Gate)
        {
            if (Queues.Count == 0)
            {
                return;
            }

            queues = [.. Queues];
        }

        var now = Environment.TickCount64;
        foreach (var queue in queues)
        {
            queue.ExpireWaiting(now);
        }
    }
}
