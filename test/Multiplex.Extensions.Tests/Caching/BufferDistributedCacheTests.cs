using System.Buffers;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.DependencyInjection;
using Multiplex.Extensions.Tests.Support;
using Multiplex.Testing;

namespace Multiplex.Extensions.Tests.Caching;

/// <summary>The <see cref="IBufferDistributedCache"/> members of the Multiplex cache against the shared redis-server.</summary>
public sealed class BufferDistributedCacheTests : ServerTestBase
{
    private ServiceProvider _provider = null!;
    private IBufferDistributedCache _cache = null!;
    private string _prefix = null!;

    [SetUp]
    public async Task SetUpAsync()
    {
        _prefix = $"ext-buffer-cache:{Guid.NewGuid():N}:";
        var services = new ServiceCollection();
        services.AddMultiplex(await Servers.StandaloneEndpointAsync());
        services.AddMultiplexDistributedCache(options => options.KeyPrefix = _prefix);
        _provider = services.BuildServiceProvider();
        _cache = (IBufferDistributedCache)_provider.GetRequiredService<IDistributedCache>();
    }

    /// <summary>The client behind the cache (the container owns and disposes it).</summary>
    private RedisClient Client => _provider.GetRequiredService<RedisClient>();

    [TearDown]
    public async Task TearDownAsync() => await _provider.DisposeAsync();

    [Test]
    public async Task TryGet_writes_the_stored_bytes_into_the_buffer()
    {
        var value = new byte[] { 0, 1, 2, 255, 13, 10 };
        await _cache.SetAsync("item", value, new DistributedCacheEntryOptions());
        var destination = new ArrayBufferWriter<byte>();

        Assert.That(await _cache.TryGetAsync("item", destination), Is.True);
        Assert.That(destination.WrittenSpan.ToArray(), Is.EqualTo(value));
    }

    [Test]
    public async Task TryGet_of_a_missing_key_is_false_and_writes_nothing()
    {
        var destination = new ArrayBufferWriter<byte>();

        Assert.That(await _cache.TryGetAsync("missing", destination), Is.False);
        Assert.That(destination.WrittenCount, Is.Zero);
    }

    [Test]
    public async Task TryGet_of_an_empty_value_is_true_and_writes_nothing()
    {
        await _cache.SetAsync("empty", ReadOnlySequence<byte>.Empty, new DistributedCacheEntryOptions());
        var destination = new ArrayBufferWriter<byte>();

        Assert.That(await _cache.TryGetAsync("empty", destination), Is.True);
        Assert.That(destination.WrittenCount, Is.Zero);
    }

    [Test]
    public async Task Set_with_a_single_segment_sequence_stores_its_bytes()
    {
        // A slice of a larger array: only the slice is the value.
        var buffer = new byte[] { 9, 1, 2, 3, 9 };

        await _cache.SetAsync("slice", new ReadOnlySequence<byte>(buffer, 1, 3), new DistributedCacheEntryOptions());

        Assert.That(await Client.HGetAsync(_prefix + "slice", "v"), Is.EqualTo((RedisValue)new byte[] { 1, 2, 3 }));
    }

    [Test]
    public async Task Set_with_a_multi_segment_sequence_stores_the_concatenation()
    {
        var sequence = Segments([1, 2], [], [3, 4, 5], [6]);
        Assert.That(sequence.IsSingleSegment, Is.False);

        await _cache.SetAsync("joined", sequence, new DistributedCacheEntryOptions());

        Assert.That(await _cache.GetAsync("joined"), Is.EqualTo(new byte[] { 1, 2, 3, 4, 5, 6 }));
    }

    [Test]
    public async Task Set_with_a_sequence_honours_the_absolute_expiration()
    {
        await _cache.SetAsync("relative", Segments([1], [2]), new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(10) });
        await _cache.SetAsync("short", Segments([1], [2]), new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = TimeSpan.FromMilliseconds(200) });

        Assert.That(await Client.PTtlAsync(_prefix + "relative"), Is.InRange(1, 600_000));
        await Servers.WaitUntilAsync(async () => !await _cache.TryGetAsync("short", new ArrayBufferWriter<byte>()));
    }

    [Test]
    public async Task Set_with_a_sequence_rejects_an_absolute_expiration_in_the_past()
    {
        Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await _cache.SetAsync(
            "past", Segments([1]), new DistributedCacheEntryOptions { AbsoluteExpiration = DateTimeOffset.UtcNow.AddMinutes(-1) }));
        Assert.That(await Client.ExistsAsync(_prefix + "past"), Is.False);
    }

    [Test]
    public async Task TryGet_slides_the_expiration()
    {
        var key = _prefix + "sliding";
        await _cache.SetAsync("sliding", Segments([1], [2]), new DistributedCacheEntryOptions { SlidingExpiration = TimeSpan.FromMinutes(1) });
        Assert.That(await Client.PTtlAsync(key), Is.InRange(1, 60_000));

        // Stand in for time passing: shorten the TTL, then see the read restore the full window.
        await Client.PExpireAsync(key, 5_000);
        Assert.That(await _cache.TryGetAsync("sliding", new ArrayBufferWriter<byte>()), Is.True);
        Assert.That(await Client.PTtlAsync(key), Is.GreaterThan(5_000));
    }

    [Test]
    public void The_synchronous_buffer_members_refuse_with_a_pointer_to_the_asynchronous_ones()
    {
        Assert.That(() => _cache.TryGet("sync", new ArrayBufferWriter<byte>()),
            Throws.TypeOf<NotSupportedException>().With.Message.Contains("TryGetAsync"));
        Assert.That(() => _cache.Set("sync", Segments([1]), new DistributedCacheEntryOptions()),
            Throws.TypeOf<NotSupportedException>().With.Message.Contains("SetAsync"));
    }

    /// <summary>A sequence with one segment per array, in order.</summary>
    private static ReadOnlySequence<byte> Segments(params byte[][] parts) =>
        Multiplex.Testing.Segments.Of([.. parts.Select(part => (ReadOnlyMemory<byte>)part)]);
}
