using System.Diagnostics;

namespace Multiplex;

/// <summary>
/// Distributed locks: see <see cref="RedisLock"/>. Through a key-prefix view the lock's key, its fencing
/// counter and its release channel are derived from the prefixed name, and the lock's commands run,
/// unprefixed, on the client the view was made from.
/// </summary>
public sealed partial class RedisClient
{
    private static readonly LockOptions DefaultLockOptions = new();

    /// <summary>
    /// Takes the lock <paramref name="name"/>, waiting while someone else holds it: a waiter is woken
    /// by a notification the moment the lock is released (with <see cref="LockOptions.RetryInterval"/>
    /// as the fallback), and gives up after <see cref="LockOptions.WaitTime"/>. Cancelling never leaves
    /// the lock held by nobody: an acquisition that may have reached the server is given back.
    /// </summary>
    /// <param name="name">The lock's key (on a cluster it decides the node).</param>
    /// <param name="options">Lease time, wait time, retry interval, renewal; null for the defaults.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The held lock; dispose it to release.</returns>
    /// <exception cref="LockTimeoutException">The lock stayed held by someone else for all of <see cref="LockOptions.WaitTime"/>.</exception>
    public async Task<RedisLock> AcquireLockAsync(RedisKey name, LockOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= DefaultLockOptions;
        options.Validate();
        var keys = LockKeys.For(name, Prefixer);
        var token = Guid.NewGuid().ToString("N");
        if (await TryAcquireOnceAsync(keys, token, options, cancellationToken).ConfigureAwait(false) is { } held)
        {
            return held;
        }

        var started = Stopwatch.GetTimestamp();
        if (options.WaitTime == TimeSpan.Zero)
        {
            throw LockTimedOut(keys, options);
        }

        // Subscribed before the next attempt, so a release between that attempt and the wait is heard.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var released = await _connections.SubscribeAsync(keys.Channel, stop.Token).ConfigureAwait(false);
        await using var subscription = ((IAsyncDisposable)released).ConfigureAwait(false);
        var messages = released.GetAsyncEnumerator(stop.Token);
        Task<bool>? next = null;
        var listening = true;
        try
        {
            while (true)
            {
                if (await TryAcquireOnceAsync(keys, token, options, cancellationToken).ConfigureAwait(false) is { } acquired)
                {
                    return acquired;
                }

                var wait = options.RetryInterval;
                if (options.WaitTime is { } limit)
                {
                    var left = limit - Stopwatch.GetElapsedTime(started);
                    if (left <= TimeSpan.Zero)
                    {
                        throw LockTimedOut(keys, options);
                    }

                    wait = left < wait ? left : wait;
                }

                using var pause = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                var delay = Task.Delay(wait, pause.Token);
                if (listening)
                {
                    next ??= messages.MoveNextAsync().AsTask();
                    if (await Task.WhenAny(next, delay).ConfigureAwait(false) == next)
                    {
                        await pause.CancelAsync().ConfigureAwait(false);

                        // A release was announced: try again now. A stream that ended leaves the fallback.
                        listening = await next.ConfigureAwait(false);
                        next = null;
                    }
                }
                else
                {
                    await Task.WhenAny(delay).ConfigureAwait(false);
                }

                cancellationToken.ThrowIfCancellationRequested();
            }
        }
        finally
        {
            // The enumerator is disposed only once no MoveNextAsync is pending.
            await stop.CancelAsync().ConfigureAwait(false);
            if (next is not null)
            {
                try
                {
                    await next.ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                }
            }

            await messages.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Takes the lock <paramref name="name"/> if nobody holds it; never waits.</summary>
    /// <param name="name">The lock's key.</param>
    /// <param name="options">Lease time and renewal; null for the defaults (the wait settings do not apply).</param>
    /// <param name="cancellationToken">Releases the caller; an acquisition that may have run is given back.</param>
    /// <returns>The held lock, or null when someone else holds it.</returns>
    public async Task<RedisLock?> TryAcquireLockAsync(RedisKey name, LockOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= DefaultLockOptions;
        options.Validate();
        return await TryAcquireOnceAsync(LockKeys.For(name, Prefixer), Guid.NewGuid().ToString("N"), options, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Whether anyone holds the lock <paramref name="name"/> (EXISTS; redis-py's <c>locked</c>).</summary>
    /// <param name="name">The lock's key.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>True while it is held.</returns>
    public ValueTask<bool> IsLockedAsync(RedisKey name, CancellationToken cancellationToken = default) =>
        _connections.ExistsAsync(LockKeys.For(name, Prefixer).Lock, cancellationToken);

    private async Task<RedisLock?> TryAcquireOnceAsync(LockKeys keys, string token, LockOptions options, CancellationToken cancellationToken)
    {
        var sentAt = Stopwatch.GetTimestamp();
        RedisResult reply;
        try
        {
            reply = await _connections.EvalAsync(LockScripts.Acquire, [keys.Lock, keys.Fence], [token, (long)options.LeaseTime.TotalMilliseconds], cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not RedisServerException)
        {
            // Cancelled or cut off after it may have run: give back what this token may hold. Sent on
            // the same connection as the acquisition (same key), so it runs after it.
            try
            {
                await RedisLock.ReleaseCoreAsync(_connections, keys, token, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception release) when (release is RedisException or ObjectDisposedException)
            {
                // The connection is down or the client disposed: the lease runs out on its own.
            }

            throw;
        }

        return reply.IsNull ? null : new RedisLock(_connections, keys, token, (long)reply, options, sentAt);
    }

    private static LockTimeoutException LockTimedOut(LockKeys keys, LockOptions options) =>
        new($"The lock {keys.Name} stayed held by someone else for {options.WaitTime?.TotalMilliseconds:0} ms (LockOptions.WaitTime).") { LockName = keys.Name.ToString() };
}
