using System.Diagnostics;
using System.Globalization;
using Multiplex.Connections;

namespace Multiplex;

/// <summary>
/// A held distributed lock (<see cref="RedisClient.AcquireLockAsync"/>): the lock's key holds this
/// handle's random token until the lease runs out or the handle releases it; every change checks the
/// token first, in a Lua script. Disposing releases the lock (quietly when it was lost already).
/// </summary>
/// <remarks>
/// Redis replicates asynchronously: a failover right after an acquisition can lose the lock (the new
/// primary never saw it), and two holders may then overlap. Use <see cref="FencingToken"/> where a
/// stale holder's writes must be refused.
/// </remarks>
public sealed class RedisLock : IAsyncDisposable
{
    private readonly RedisClient _client;
    private readonly LockKeys _keys;
    private readonly LockOptions _options;
    // How soon a renewal that failed (a connection down, a failover under way) is tried again.
    private static readonly TimeSpan RenewalRetry = TimeSpan.FromMilliseconds(200);

    private readonly CancellationTokenSource _lost = new();
    private readonly CancellationTokenSource _stopRenewal = new();
    private readonly Task _renewal;
    private int _released;

    internal RedisLock(RedisClient client, LockKeys keys, string token, long fencingToken, LockOptions options, long sentAt)
    {
        _client = client;
        _keys = keys;
        Token = token;
        FencingToken = fencingToken;
        _options = options;
        ResetLease(sentAt, (long)options.LeaseTime.TotalMilliseconds);
        _renewal = options.AutoRenew ? BackgroundWork.Run(RenewAsync) : Task.CompletedTask;
    }

    /// <summary>The lock's name (its key), as it was given: through a key-prefix view, without the prefix.</summary>
    public RedisKey Name => _keys.Name;

    /// <summary>This holder's random token, the value of the lock's key while it is held.</summary>
    public string Token { get; }

    /// <summary>
    /// A number that grows with every acquisition of this lock by any holder: hand it to a storage
    /// system so that it refuses writes carrying a smaller one (a holder that lost the lock and does not
    /// know yet).
    /// </summary>
    public long FencingToken { get; }

    /// <summary>
    /// Cancelled the moment the lock is no longer held for sure: its lease ran out without a renewal
    /// (counted from when the acquisition or the last renewal was sent), a renewal found it taken, or
    /// the handle released it.
    /// </summary>
    public CancellationToken Lost => _lost.Token;

    /// <summary>Whether the lock's key still holds this handle's token (GET).</summary>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>True while this handle holds the lock.</returns>
    public async ValueTask<bool> IsOwnedAsync(CancellationToken cancellationToken = default) =>
        (string?)await _client.GetAsync(_keys.Lock, cancellationToken).ConfigureAwait(false) == Token;

    /// <summary>Adds <paramref name="additional"/> to the time left (redis-py's <c>extend</c>), or with <paramref name="replaceTtl"/> sets the time left to it.</summary>
    /// <param name="additional">The time to add, or the new time left.</param>
    /// <param name="replaceTtl">Whether to set the time left instead of adding to it.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>A task that completes when the lease is extended.</returns>
    /// <exception cref="LockNotOwnedException">The lock is no longer held by this handle.</exception>
    public async ValueTask ExtendAsync(TimeSpan additional, bool replaceTtl = false, CancellationToken cancellationToken = default)
    {
        if (additional < TimeSpan.FromMilliseconds(1))
        {
            throw new ArgumentOutOfRangeException(nameof(additional), additional, "A lock is extended by at least 1 ms.");
        }

        var sentAt = Stopwatch.GetTimestamp();
        var left = await ExtendCoreAsync((long)additional.TotalMilliseconds, replaceTtl, cancellationToken).ConfigureAwait(false);
        if (left <= 0)
        {
            throw NotOwned("extended");
        }

        ResetLease(sentAt, left);
    }

    /// <summary>Sets the time left back to the full <see cref="LockOptions.LeaseTime"/> (redis-py's <c>reacquire</c>).</summary>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>A task that completes when the lease is renewed.</returns>
    /// <exception cref="LockNotOwnedException">The lock is no longer held by this handle.</exception>
    public ValueTask ReacquireAsync(CancellationToken cancellationToken = default) => ExtendAsync(_options.LeaseTime, replaceTtl: true, cancellationToken);

    /// <summary>Releases the lock and wakes its waiters; stops the renewal.</summary>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>A task that completes when the lock is released.</returns>
    /// <exception cref="LockNotOwnedException">The lock was no longer held by this handle (its lease ran out, or it was released already).</exception>
    public async ValueTask ReleaseAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _released, 1) != 0)
        {
            throw NotOwned("released (it was released already)");
        }

        await StopRenewalAsync().ConfigureAwait(false);
        try
        {
            if (!await ReleaseCoreAsync(_client, _keys, Token, cancellationToken).ConfigureAwait(false))
            {
                throw NotOwned("released");
            }
        }
        finally
        {
            _lost.Cancel();
        }
    }

    /// <summary>Releases the lock if this handle still holds it; never throws for a lock lost already, a connection that is down or a client disposed first (the lease then runs out).</summary>
    /// <returns>A task that completes when the lock is released.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _released, 1) != 0)
        {
            return;
        }

        await StopRenewalAsync().ConfigureAwait(false);
        try
        {
            await ReleaseCoreAsync(_client, _keys, Token, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception release) when (release is RedisException or ObjectDisposedException)
        {
            // Not released now (the connection is down, or the client was disposed first): the lease runs out on its own.
        }
        finally
        {
            _lost.Cancel();
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"RedisLock {Name} (fencing token {FencingToken.ToString(CultureInfo.InvariantCulture)})";

    /// <summary>Deletes the lock when <paramref name="token"/> holds it and tells its waiters; false when it did not hold it.</summary>
    internal static async ValueTask<bool> ReleaseCoreAsync(RedisClient client, LockKeys keys, string token, CancellationToken cancellationToken) =>
        (long)await client.EvalAsync(LockScripts.Release, [keys.Lock], [token, keys.Channel], cancellationToken).ConfigureAwait(false) == 1;

    private async ValueTask<long> ExtendCoreAsync(long milliseconds, bool replace, CancellationToken cancellationToken)
    {
        var left = (long)await _client.EvalAsync(LockScripts.Extend, [_keys.Lock], [Token, milliseconds, replace ? 1 : 0], cancellationToken).ConfigureAwait(false);
        if (left == -1)
        {
            throw new RedisLockException($"The lock {Name} has no expiry to add to: pass replaceTtl: true.") { LockName = Name.ToString() };
        }

        return left;
    }

    private async Task RenewAsync()
    {
        var lease = (long)_options.LeaseTime.TotalMilliseconds;
        var interval = TimeSpan.FromMilliseconds(Math.Max(1, lease / 3));
        var retry = interval < RenewalRetry ? interval : RenewalRetry;
        var wait = interval;
        while (!_lost.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(wait, _stopRenewal.Token).ConfigureAwait(false);
                wait = interval;
                var sentAt = Stopwatch.GetTimestamp();
                var left = await ExtendCoreAsync(lease, replace: true, _stopRenewal.Token).ConfigureAwait(false);
                if (left <= 0)
                {
                    _lost.Cancel(); // taken by someone else, or expired
                    return;
                }

                ResetLease(sentAt, left);
            }
            catch (OperationCanceledException) when (_stopRenewal.IsCancellationRequested)
            {
                return;
            }
            catch (RedisException)
            {
                // The connection is down or the primary is changing (a failover): try again soon rather than
                // a third of the lease later. If the lease runs out first, Lost fires on its own.
                wait = retry;
            }
        }
    }

    private async Task StopRenewalAsync()
    {
        await _stopRenewal.CancelAsync().ConfigureAwait(false);
        await _renewal.ConfigureAwait(false);
    }

    /// <summary>Lost fires when <paramref name="leftMilliseconds"/>, counted from <paramref name="sentAt"/>, have passed.</summary>
    private void ResetLease(long sentAt, long leftMilliseconds)
    {
        var remaining = leftMilliseconds - (long)Stopwatch.GetElapsedTime(sentAt).TotalMilliseconds;
        if (remaining <= 0)
        {
            _lost.Cancel();
        }
        else
        {
            _lost.CancelAfter(TimeSpan.FromMilliseconds(remaining));
        }
    }

    private LockNotOwnedException NotOwned(string what) =>
        new($"The lock {Name} could not be {what}: this handle no longer holds it (its lease ran out or another holder took it).") { LockName = Name.ToString() };
}
