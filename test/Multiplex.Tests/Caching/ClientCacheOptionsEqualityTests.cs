namespace Multiplex.Tests.Caching;

/// <summary>Value equality of <see cref="ClientCacheOptions"/>: lists by content, a null list (all commands, every key) apart from an empty one.</summary>
public sealed class ClientCacheOptionsEqualityTests
{
    [Test]
    public void Options_with_equal_lists_in_other_instances_are_equal_and_hash_alike()
    {
        var first = new ClientCacheOptions { MaxEntries = 5, Commands = ["GET", "HGET"], KeyPrefixes = ["user:"] };
        var second = new ClientCacheOptions { MaxEntries = 5, Commands = new List<string> { "GET", "HGET" }, KeyPrefixes = new[] { (RedisKey)"user:" } };

        Assert.That(second, Is.EqualTo(first));
        Assert.That(second.GetHashCode(), Is.EqualTo(first.GetHashCode()));
        Assert.That(new RedisClientOptions { ClientCache = second }, Is.EqualTo(new RedisClientOptions { ClientCache = first }));
    }

    [Test]
    public void Options_that_cache_differently_are_not_equal()
    {
        var all = new ClientCacheOptions();
        Assert.Multiple(() =>
        {
            Assert.That(all with { Commands = [] }, Is.Not.EqualTo(all), "no command is not every command");
            Assert.That(all with { Commands = ["GET"] }, Is.Not.EqualTo(all with { Commands = ["HGET"] }));
            Assert.That(all with { Commands = ["GET", "HGET"] }, Is.Not.EqualTo(all with { Commands = ["GET"] }));
            Assert.That(all with { KeyPrefixes = ["a:"] }, Is.Not.EqualTo(all), "prefixes are not every key");
            Assert.That(all with { KeyPrefixes = ["a:"] }, Is.Not.EqualTo(all with { KeyPrefixes = ["b:"] }));
            Assert.That(all with { MaxEntries = 1 }, Is.Not.EqualTo(all));
            Assert.That(all with { MaxBytes = 1 }, Is.Not.EqualTo(all));
            Assert.That(all with { TimeToLive = TimeSpan.FromSeconds(1) }, Is.Not.EqualTo(all));
            Assert.That(new RedisClientOptions { ClientCache = all with { Commands = [] } }, Is.Not.EqualTo(new RedisClientOptions { ClientCache = all }));
            Assert.That(all.Equals(null), Is.False);
        });
    }
}
