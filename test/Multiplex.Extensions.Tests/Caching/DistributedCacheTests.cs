using System.Text;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.DependencyInjection;
using Multiplex.Extensions.Tests.Support;
using Multiplex.Testing;

namespace Multiplex.Extensions.Tests.Caching;

/// <summary>The Multiplex IDistributedCache against the shared redis-server.</summary>
public sealed class DistributedCacheTests : ServerTestBase
{
    private ServiceProvider _provider = null!;
    private IDistributedCache _cache = null!;
    private string _prefix = null!;

    [SetUp]
    public async Task SetUpAsync()
    {
        _prefix = $"ext-cache:{Guid.NewGuid():N}:";
        var services = new ServiceCollection();
        services.AddMultiplex(await Servers.StandaloneEndpointAsync());
        services.AddMultiplexDistributedCache(options => options.KeyPrefix = _prefix);
        _provider = services.BuildServiceProvider();
        _cache = _provider.GetRequiredService<IDistributedCache>();
    }

    /// <summary>The client behind the cache (the container owns and disposes it).</summary>
    private RedisClient Client => _provider.GetRequiredService<RedisClient>();

    [TearDown]
    public async Task TearDownAsync() => await _provider.DisposeAsync();

    [Test]
    public async Task Set_then_get_returns_the_bytes_under_the_prefixed_key()
    {
        var value = new byte[] { 0, 1, 2, 255, 13, 10 };

        await _cache.SetAsync("item", value, new DistributedCacheEntryOptions());

        Assert.That(await _cache.GetAsync("item"), Is.EqualTo(value));
        Assert.That(await Client.ExistsAsync(_prefix + "item"), Is.True);
        Assert.That(await Client.PTtlAsync(_prefix + "item"), Is.EqualTo(-1), "no expiration was asked for");
    }

    [Test]
    public async Task A_missing_entry_is_null()
    {
        Assert.That(await _cache.GetAsync("missing"), Is.Null);
        Assert.That(await _cache.GetStringAsync("missing"), Is.Null);
    }

    [Test]
    public async Task Remove_deletes_the_entry()
    {
        await _cache.SetStringAsync("gone", "soon");

        await _cache.RemoveAsync("gone");

        Assert.That(await _cache.GetAsync("gone"), Is.Null);
        Assert.That(await Client.ExistsAsync(_prefix + "gone"), Is.False);
    }

    [Test]
    public async Task The_synchronous_members_refuse_with_a_pointer_to_the_asynchronous_ones()
    {
        await _cache.SetStringAsync("sync", "value");

        Assert.That(() => _cache.Set("sync", Encoding.UTF8.GetBytes("other"), new DistributedCacheEntryOptions()),
            Throws.TypeOf<NotSupportedException>().With.Message.Contains("SetAsync"));
        Assert.That(() => _cache.Get("sync"), Throws.TypeOf<NotSupportedException>().With.Message.Contains("GetAsync"));
        Assert.That(() => _cache.GetString("sync"), Throws.TypeOf<NotSupportedException>());
        Assert.That(() => _cache.Refresh("sync"), Throws.TypeOf<NotSupportedException>().With.Message.Contains("RefreshAsync"));
        Assert.That(() => _cache.Remove("sync"), Throws.TypeOf<NotSupportedException>().With.Message.Contains("RemoveAsync"));

        // Nothing was changed by the refused calls.
        Assert.That(await _cache.GetStringAsync("sync"), Is.EqualTo("value"));
    }

    [Test]
    public async Task Setting_again_replaces_the_value_and_its_expiration()
    {
        await _cache.SetStringAsync("replaced", "first", new DistributedCacheEntryOptions { SlidingExpiration = TimeSpan.FromMinutes(1) });

        await _cache.SetStringAsync("replaced", "second");

        Assert.That(await _cache.GetStringAsync("replaced"), Is.EqualTo("second"));
        Assert.That(await Client.PTtlAsync(_prefix + "replaced"), Is.EqualTo(-1));
    }

    [Test]
    public async Task Absolute_expiration_relative_to_now_sets_the_ttl()
    {
        await _cache.SetStringAsync("relative", "v", new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(10) });

        Assert.That(await Client.PTtlAsync(_prefix + "relative"), Is.InRange(1, 600_000));
    }

    [Test]
    public async Task Absolute_expiration_at_an_instant_sets_the_ttl()
    {
        await _cache.SetStringAsync("instant", "v", new DistributedCacheEntryOptions { AbsoluteExpiration = DateTimeOffset.UtcNow.AddMinutes(10) });

        // Loose bounds: the server's clock and this process's clock are the same machine's.
        Assert.That(await Client.PTtlAsync(_prefix + "instant"), Is.InRange(540_000, 600_000));
    }

    [Test]
    public async Task The_earlier_of_two_absolute_expirations_wins()
    {
        await _cache.SetStringAsync("both", "v", new DistributedCacheEntryOptions
        {
            AbsoluteExpiration = DateTimeOffset.UtcNow.AddHours(1),
            AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(1),
        });

        Assert.That(await Client.PTtlAsync(_prefix + "both"), Is.InRange(1, 60_000));
    }

    [Test]
    public void An_absolute_expiration_in_the_past_is_rejected()
    {
        Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () =>
            await _cache.SetStringAsync("past", "v", new DistributedCacheEntryOptions { AbsoluteExpiration = DateTimeOffset.UtcNow.AddMinutes(-1) }));
    }

    [Test]
    public async Task An_entry_expires_after_its_absolute_expiration()
    {
        await _cache.SetStringAsync("short", "v", new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = TimeSpan.FromMilliseconds(200) });
        Assert.That(await Client.ExistsAsync(_prefix + "short"), Is.True);

        await Servers.WaitUntilAsync(async () => await _cache.GetAsync("short") is null);
    }

    [Test]
    public async Task By_default_get_and_refresh_slide_the_expiration()
    {
        var key = _prefix + "sliding";
        await _cache.SetStringAsync("sliding", "v", new DistributedCacheEntryOptions { SlidingExpiration = TimeSpan.FromMinutes(1) });
        Assert.That(await Client.PTtlAsync(key), Is.InRange(1, 60_000));

        // Stand in for time passing: shorten the TTL, then see each access restore the full window.
        await Client.PExpireAsync(key, 5_000);
        await _cache.RefreshAsync("sliding");
        Assert.That(await Client.PTtlAsync(key), Is.GreaterThan(5_000));

        await Client.PExpireAsync(key, 5_000);
        Assert.That(await _cache.GetStringAsync("sliding"), Is.EqualTo("v"));
        Assert.That(await Client.PTtlAsync(key), Is.GreaterThan(5_000));
    }

    [Test]
    public async Task With_the_refresh_on_reads_disabled_a_get_leaves_the_expiration_and_refresh_still_slides_it()
    {
        var services = new ServiceCollection();
        services.AddMultiplex(await Servers.StandaloneEndpointAsync());
        services.AddMultiplexDistributedCache(options =>
        {
            options.KeyPrefix = _prefix;
            options.DisableSlidingExpirationRefresh = true;
        });
        await using var provider = services.BuildServiceProvider();
        var cache = provider.GetRequiredService<IDistributedCache>();
        var key = _prefix + "fixed";
        await cache.SetStringAsync("fixed", "v", new DistributedCacheEntryOptions { SlidingExpiration = TimeSpan.FromMinutes(1) });

        await Client.PExpireAsync(key, 5_000);
        Assert.That(await cache.GetStringAsync("fixed"), Is.EqualTo("v"));
        Assert.That(await Client.PTtlAsync(key), Is.InRange(1, 5_000), "the read did not slide the window");

        await cache.RefreshAsync("fixed");
        Assert.That(await Client.PTtlAsync(key), Is.GreaterThan(5_000), "an explicit refresh still slides it");
    }

    [Test]
    public async Task With_the_refresh_on_reads_disabled_a_missing_entry_is_still_null()
    {
        var services = new ServiceCollection();
        services.AddMultiplex(await Servers.StandaloneEndpointAsync());
        services.AddMultiplexDistributedCache(options => options.DisableSlidingExpirationRefresh = true);
        await using var provider = services.BuildServiceProvider();

        Assert.That(await provider.GetRequiredService<IDistributedCache>().GetAsync(_prefix + "missing"), Is.Null);
    }

    [Test]
    public async Task Sliding_never_extends_past_the_absolute_expiration()
    {
        var key = _prefix + "capped";
        await _cache.SetStringAsync("capped", "v", new DistributedCacheEntryOptions
        {
            SlidingExpiration = TimeSpan.FromMinutes(10),
            AbsoluteExpirationRelativeToNow = TimeSpan.FromSeconds(30),
        });
        Assert.That(await Client.PTtlAsync(key), Is.InRange(1, 30_000));

        await _cache.RefreshAsync("capped");
        Assert.That(await Client.PTtlAsync(key), Is.InRange(1, 30_000));
        await _cache.GetAsync("capped");
        Assert.That(await Client.PTtlAsync(key), Is.InRange(1, 30_000));
    }

    [Test]
    public async Task An_entry_not_read_within_its_sliding_window_expires_and_one_read_in_time_does_not()
    {
        var options = new DistributedCacheEntryOptions { SlidingExpiration = TimeSpan.FromMilliseconds(300) };
        await _cache.SetStringAsync("idle", "v", options);
        await _cache.SetStringAsync("busy", "v", new DistributedCacheEntryOptions { SlidingExpiration = TimeSpan.FromSeconds(30) });

        // Polled with EXISTS, which does not slide the window as a Get would.
        await Servers.WaitUntilAsync(async () => !await Client.ExistsAsync(_prefix + "idle"));

        Assert.That(await _cache.GetAsync("idle"), Is.Null);
        Assert.That(await _cache.GetStringAsync("busy"), Is.EqualTo("v"));
    }

    [Test]
    public async Task Refreshing_a_missing_entry_creates_nothing()
    {
        await _cache.RefreshAsync("absent");

        Assert.That(await Client.ExistsAsync(_prefix + "absent"), Is.False);
    }

    [Test]
    public async Task A_keyed_client_can_back_the_cache()
    {
        var services = new ServiceCollection();
        services.AddKeyedMultiplex("cache", RedisClientOptions.Parse(await Servers.StandaloneEndpointAsync()) with { Database = 6 });
        services.AddMultiplexDistributedCache(options =>
        {
            options.ServiceKey = "cache";
            options.KeyPrefix = _prefix;
        });
        await using var provider = services.BuildServiceProvider();
        var cache = provider.GetRequiredService<IDistributedCache>();
        var client = provider.GetRequiredKeyedService<RedisClient>("cache");

        await cache.SetStringAsync("keyed", "in db 6");

        Assert.That(await client.ExistsAsync(_prefix + "keyed"), Is.True);
        Assert.That(await Client.ExistsAsync(_prefix + "keyed"), Is.False, "the unkeyed client uses database 0");
    }
}
