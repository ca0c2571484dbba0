using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.DependencyInjection;
using Multiplex.Extensions.Tests.Support;
using Multiplex.Testing;

namespace Multiplex.Extensions.Tests.Caching;

/// <summary>HybridCache with the Multiplex cache as its second level, against the shared redis-server.</summary>
public sealed class HybridCacheTests : ServerTestBase
{
    private readonly List<ServiceProvider> _providers = [];
    private string _prefix = null!;

    [SetUp]
    public void SetUp() => _prefix = $"ext-hybrid:{Guid.NewGuid():N}:";

    [TearDown]
    public async Task TearDownAsync()
    {
        foreach (var provider in _providers)
        {
            await provider.DisposeAsync();
        }

        _providers.Clear();
    }

    [Test]
    public async Task HybridCache_finds_the_buffer_cache_as_its_second_level()
    {
        var provider = await BuildAsync();

        Assert.That(provider.GetRequiredService<IDistributedCache>(), Is.InstanceOf<IBufferDistributedCache>());
    }

    [Test]
    public async Task A_value_cached_by_one_instance_is_read_by_another_from_redis_without_the_factory()
    {
        var writer = (await BuildAsync()).GetRequiredService<HybridCache>();
        var readerProvider = await BuildAsync();
        var reader = readerProvider.GetRequiredService<HybridCache>();
        var calls = 0;

        var written = await writer.GetOrCreateAsync("order:42", _ =>
        {
            calls++;
            return ValueTask.FromResult("shipped");
        });
        Assert.That(written, Is.EqualTo("shipped"));
        Assert.That(calls, Is.EqualTo(1));
        // HybridCache writes its second level in the background: wait until the entry is in Redis.
        var redis = readerProvider.GetRequiredService<RedisClient>();
        Assert.That(() => redis.ExistsAsync(_prefix + "order:42").AsTask(), Is.True.After(5_000, 10), "the entry is in Redis");

        // A second container: its in-memory level is empty, so the value can only come from Redis.
        var read = await reader.GetOrCreateAsync("order:42", _ =>
        {
            calls++;
            return ValueTask.FromResult("recomputed");
        });

        Assert.That(read, Is.EqualTo("shipped"));
        Assert.That(calls, Is.EqualTo(1), "the second instance did not call its factory");
    }

    [Test]
    public async Task A_value_removed_through_one_instance_is_computed_again_by_another()
    {
        var firstProvider = await BuildAsync();
        var first = firstProvider.GetRequiredService<HybridCache>();
        var second = (await BuildAsync()).GetRequiredService<HybridCache>();
        await first.SetAsync("gone", "old");
        var redis = firstProvider.GetRequiredService<RedisClient>();
        Assert.That(() => redis.ExistsAsync(_prefix + "gone").AsTask(), Is.True.After(5_000, 10), "written to Redis (in the background) before it is removed");

        await first.RemoveAsync("gone");

        Assert.That(await second.GetOrCreateAsync("gone", _ => ValueTask.FromResult("new")), Is.EqualTo("new"));
    }

    /// <summary>A container with its own HybridCache (so its own in-memory level) over the shared prefix in Redis.</summary>
    private async Task<ServiceProvider> BuildAsync()
    {
        var services = new ServiceCollection();
        services.AddMultiplex(await Servers.StandaloneEndpointAsync());
        services.AddMultiplexDistributedCache(options => options.KeyPrefix = _prefix);
        services.AddHybridCache();
        var provider = services.BuildServiceProvider();
        _providers.Add(provider);
        return provider;
    }
}
