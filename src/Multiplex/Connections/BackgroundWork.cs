namespace Multiplex.Connections;

/// <summary>
/// Starts the client's background work (connection loops, sweeps, reloads, renewals) without the
/// execution context of whoever happened to start it: a caller's <see cref="System.Diagnostics.Activity.Current"/>,
/// logging scopes and other async-locals would otherwise stay attached to a loop for its whole life,
/// and every span or log it makes would claim that caller as its parent.
/// </summary>
internal static class BackgroundWork
{
    /// <summary><see cref="Task.Run(Func{Task})"/> with a clean execution context.</summary>
    public static Task Run(Func<Task> work)
    {
        if (ExecutionContext.IsFlowSuppressed())
        {
            return Task.Run(work);
        }

        using (ExecutionContext.SuppressFlow())
        {
            return Task.Run(work);
        }
    }

    /// <summary><see cref="Task.Run{TResult}(Func{Task{TResult}})"/> with a clean execution context.</summary>
    public static Task<T> Run<T>(Func<Task<T>> work)
    {
        if (ExecutionContext.IsFlowSuppressed())
        {
            return Task.Run(work);
        }

        using (ExecutionContext.SuppressFlow())
        {
            return Task.Run(work);
        }
    }

    /// <summary>A <see cref="System.Threading.Timer"/> whose callbacks run with a clean execution context.</summary>
    public static Timer Timer(TimerCallback callback, object? state, int dueTime, int period)
    {
        if (ExecutionContext.IsFlowSuppressed())
        {
            return new Timer(callback, state, dueTime, period);
        }

        using (ExecutionContext.SuppressFlow())
        {
            return new Timer(callback, state, dueTime, period);
        }
    }

    /// <inheritdoc cref="Timer(TimerCallback, object?, int, int)"/>
    public static Timer Timer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        if (ExecutionContext.IsFlowSuppressed())
        {
            return new Timer(callback, state, dueTime, period);
        }

        using (ExecutionContext.SuppressFlow())
        {
            return new Timer(callback, state, dueTime, period);
        }
    }
}
