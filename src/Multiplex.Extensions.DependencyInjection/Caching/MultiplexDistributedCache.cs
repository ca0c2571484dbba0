using Microsoft.Extensions.Caching.Distributed;

namespace Multiplex.Extensions.DependencyInjection;

/// <summary>
/// <see cref="IDistributedCache"/> over a <see cref="RedisClient"/>. Each entry is one Redis hash
/// written and read by the Lua scripts of <see cref="CacheScripts"/> (one round trip per call):
/// absolute expiry (an instant or relative to now; the earlier wins when both are set) and sliding
/// expiry (each Get or Refresh extends it, never past the absolute expiry).
/// </summary>
/// <remarks>
/// The synchronous members (<c>Get</c>, <c>Set</c>, <c>Refresh</c>, <c>Remove</c> and the
/// <c>GetString</c>/<c>SetString</c> extensions built on them) throw <see cref="NotSupportedException"/>:
/// the client has no synchronous I/O and the library never blocks a thread on asynchronous work
/// (sync-over-async starves the thread pool under load). Use the <c>…Async</c> members; for ASP.NET
/// Core session, call <c>await HttpContext.Session.LoadAsync()</c> before reading the session (the
/// session then commits with the asynchronous members).
/// </remarks>
internal sealed class MultiplexDistributedCache(RedisClient client, string keyPrefix, TimeProvider timeProvider) : IDistributedCache
{
    private const long NotSet = -1;
    private const string ReturnValue = "1";
    private const string RefreshOnly = "0";

    public byte[]? Get(string key) => throw SynchronousNotSupported(nameof(Get));

    public async Task<byte[]?> GetAsync(string key, CancellationToken token = default)
    {
        var result = await CacheScripts.GetAndRefresh.EvaluateAsync(client, [RedisKeyOf(key)], [ReturnValue], token).ConfigureAwait(false);
        return result.IsNull ? null : (byte[]?)result.Value;
    }

    public void Refresh(string key) => throw SynchronousNotSupported(nameof(Refresh));

    public async Task RefreshAsync(string key, CancellationToken token = default) =>
        await CacheScripts.GetAndRefresh.EvaluateAsync(client, [RedisKeyOf(key)], [RefreshOnly], token).ConfigureAwait(false);

    public void Remove(string key) => throw SynchronousNotSupported(nameof(Remove));

    public async Task RemoveAsync(string key, CancellationToken token = default) =>
        await client.DelAsync(RedisKeyOf(key), token).ConfigureAwait(false);

    public void Set(string key, byte[] value, DistributedCacheEntryOptions options) => throw SynchronousNotSupported(nameof(Set));

    public async Task SetAsync(string key, byte[] value, DistributedCacheEntryOptions options, CancellationToken token = default)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(options);
        var absolute = NotSet;
        if (options.AbsoluteExpiration is { } at)
        {
            // Checked on the local clock, as the caller computed the instant on it.
            if (at <= timeProvider.GetUtcNow())
            {
                throw new ArgumentOutOfRangeException(nameof(options), at, "The absolute expiration must be in the future.");
            }

            absolute = at.ToUnixTimeMilliseconds();
        }

        var relative = PositiveMilliseconds(options.AbsoluteExpirationRelativeToNow, nameof(options.AbsoluteExpirationRelativeToNow));
        var sliding = PositiveMilliseconds(options.SlidingExpiration, nameof(options.SlidingExpiration));
        await CacheScripts.Set.EvaluateAsync(client, [RedisKeyOf(key)], [value, absolute, relative, sliding], token).ConfigureAwait(false);
    }

    private RedisKey RedisKeyOf(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return keyPrefix.Length == 0 ? key : string.Concat(keyPrefix, key);
    }

    private static long PositiveMilliseconds(TimeSpan? span, string name)
    {
        if (span is not { } value)
        {
            return NotSet;
        }

        // Redis TTLs are whole milliseconds; a positive span shorter than 1 ms still expires.
        return value > TimeSpan.Zero
            ? Math.Max(1, (long)Math.Ceiling(value.TotalMilliseconds))
            : throw new ArgumentOutOfRangeException(name, value, $"{name} must be positive.");
    }

    private static NotSupportedException SynchronousNotSupported(string member) =>
        new($"IDistributedCache.{member} is synchronous and Multiplex never blocks a thread on I/O: call {member}Async instead " +
            "(for ASP.NET Core session, await HttpContext.Session.LoadAsync() before reading the session).");
}
