using System.Buffers;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Caching.Distributed;

namespace Multiplex.Extensions.DependencyInjection;

/// <summary>
/// <see cref="IDistributedCache"/> and <see cref="IBufferDistributedCache"/> over a <see cref="RedisClient"/>.
/// Each entry is one Redis hash written and read by the Lua scripts of <see cref="CacheScripts"/> (one
/// round trip per call): absolute expiry (an instant or relative to now; the earlier wins when both are
/// set) and sliding expiry (each Get or Refresh extends it, never past the absolute expiry; a Get does
/// not when the refresh on reads is disabled).
/// </summary>
/// <remarks>
/// The synchronous members (<c>Get</c>, <c>TryGet</c>, <c>Set</c>, <c>Refresh</c>, <c>Remove</c> and the
/// <c>GetString</c>/<c>SetString</c> extensions built on them) throw <see cref="NotSupportedException"/>:
/// the client has no synchronous I/O and the library never blocks a thread on asynchronous work
/// (sync-over-async starves the thread pool under load). Use the <c>…Async</c> members; for ASP.NET
/// Core session, call <c>await HttpContext.Session.LoadAsync()</c> before reading the session (the
/// session then commits with the asynchronous members). HybridCache uses the asynchronous buffer members.
/// </remarks>
internal sealed class MultiplexDistributedCache(RedisClient client, string keyPrefix, bool refreshOnRead, TimeProvider timeProvider)
    : IBufferDistributedCache
{
    private const long NotSet = -1;
    private const string ReturnValue = "1";
    private const string RefreshOnly = "0";

    // The hash field that holds the value (see CacheScripts).
    private const string ValueField = "v";

    public byte[]? Get(string key) => throw SynchronousNotSupported(nameof(Get));

    public async Task<byte[]?> GetAsync(string key, CancellationToken token = default) =>
        (byte[]?)await ReadAsync(key, token).ConfigureAwait(false);

    public bool TryGet(string key, IBufferWriter<byte> destination) => throw SynchronousNotSupported(nameof(TryGet));

    public async ValueTask<bool> TryGetAsync(string key, IBufferWriter<byte> destination, CancellationToken token = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var value = await ReadAsync(key, token).ConfigureAwait(false);
        if (value.IsNull)
        {
            return false;
        }

        destination.Write((byte[])value!);
        return true;
    }

    public void Refresh(string key) => throw SynchronousNotSupported(nameof(Refresh));

    public async Task RefreshAsync(string key, CancellationToken token = default) =>
        await CacheScripts.GetAndRefresh.EvaluateAsync(client, [RedisKeyOf(key)], [RefreshOnly], token).ConfigureAwait(false);

    public void Remove(string key) => throw SynchronousNotSupported(nameof(Remove));

    public async Task RemoveAsync(string key, CancellationToken token = default) =>
        await client.DelAsync(RedisKeyOf(key), token).ConfigureAwait(false);

    public void Set(string key, byte[] value, DistributedCacheEntryOptions options) => throw SynchronousNotSupported(nameof(Set));

    public void Set(string key, ReadOnlySequence<byte> value, DistributedCacheEntryOptions options) => throw SynchronousNotSupported(nameof(Set));

    public async Task SetAsync(string key, byte[] value, DistributedCacheEntryOptions options, CancellationToken token = default)
    {
        ArgumentNullException.ThrowIfNull(value);
        await WriteAsync(key, value, options, token).ConfigureAwait(false);
    }

    public async ValueTask SetAsync(string key, ReadOnlySequence<byte> value, DistributedCacheEntryOptions options, CancellationToken token = default) =>
        await WriteAsync(key, ValueOf(value), options, token).ConfigureAwait(false);

    /// <summary>The entry's value, sliding its expiration unless the refresh on reads is disabled; null when there is no entry.</summary>
    private async ValueTask<RedisValue> ReadAsync(string key, CancellationToken token)
    {
        var redisKey = RedisKeyOf(key);
        if (!refreshOnRead)
        {
            return await client.HGetAsync(redisKey, ValueField, token).ConfigureAwait(false);
        }

        var result = await CacheScripts.GetAndRefresh.EvaluateAsync(client, [redisKey], [ReturnValue], token).ConfigureAwait(false);
        return (RedisValue)result;
    }

    private async ValueTask WriteAsync(string key, RedisValue value, DistributedCacheEntryOptions options, CancellationToken token)
    {
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

    /// <summary>
    /// A sequence as a value: a single segment that spans a whole array is sent from that array; any
    /// other sequence is copied once, since <see cref="RedisValue"/> holds whole arrays only.
    /// </summary>
    private static RedisValue ValueOf(in ReadOnlySequence<byte> value)
    {
        if (value.IsSingleSegment
            && MemoryMarshal.TryGetArray(value.First, out var segment)
            && segment.Array is { } array
            && segment.Offset == 0
            && segment.Count == array.Length)
        {
            return array;
        }

        return value.ToArray();
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
