using Multiplex.Connections;

namespace Multiplex.Transactions;

/// <summary>
/// Lists that collected the commands of a batch or transaction, kept for the next one: a batch copies its
/// commands out at their exact count when it is executed, so the list's growth (about twice its final
/// size, in arrays allocated one after another) is paid once per kept list rather than once per batch.
/// </summary>
internal static class CommandLists
{
    // A list that grew past this (a batch of thousands) is left to the collector rather than kept.
    private const int MaxKeptCapacity = 1024;

    private static readonly List<PendingCommand>?[] Kept = new List<PendingCommand>?[Math.Clamp(Environment.ProcessorCount * 2, 4, 64)];

    /// <summary>An empty list: a kept one, or a new one.</summary>
    public static List<PendingCommand> Rent()
    {
        for (var i = 0; i < Kept.Length; i++)
        {
            if (Volatile.Read(ref Kept[i]) is not null && Interlocked.Exchange(ref Kept[i], null) is { } list)
            {
                return list;
            }
        }

        return new List<PendingCommand>(16);
    }

    /// <summary>Empties <paramref name="list"/> (its references to commands go) and keeps it if there is room.</summary>
    public static void Return(List<PendingCommand> list)
    {
        if (list.Capacity > MaxKeptCapacity)
        {
            return;
        }

        list.Clear();
        for (var i = 0; i < Kept.Length; i++)
        {
            if (Volatile.Read(ref Kept[i]) is null && Interlocked.CompareExchange(ref Kept[i], list, null) is null)
            {
                return;
            }
        }
    }
}
