namespace Multiplex.Diagnostics;

/// <summary>Raising events whose handlers are the user's: one that throws is skipped, the rest still run, and the raiser goes on.</summary>
internal static class EventHandlers
{
    /// <summary>Calls each of <paramref name="handlers"/> with <paramref name="args"/>.</summary>
    public static void RaiseEach<TArgs>(EventHandler<TArgs>? handlers, object sender, TArgs args)
    {
        if (handlers is null)
        {
            return;
        }

        foreach (var handler in handlers.GetInvocationList().Cast<EventHandler<TArgs>>())
        {
            try
            {
                handler(sender, args);
            }
            catch (Exception)
            {
                // A handler's failure must not stop the others, nor what raised the event.
            }
        }
    }

    /// <summary>Calls each of <paramref name="handlers"/> with empty arguments.</summary>
    public static void RaiseEach(EventHandler? handlers, object sender)
    {
        // Not through the generic form: a delegate wrapping the whole list would stop at the first that throws.
        foreach (var handler in handlers?.GetInvocationList().Cast<EventHandler>() ?? [])
        {
            try
            {
                handler(sender, EventArgs.Empty);
            }
            catch (Exception)
            {
                // A handler's failure must not stop the others, nor what raised the event.
            }
        }
    }
}
