using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Multiplex.Diagnostics;
using Multiplex.IntegrationTests.Support;

namespace Multiplex.IntegrationTests.Diagnostics;

/// <summary>
/// Instruments of the <c>Multiplex</c> meter, read with <see cref="MetricCollector{T}"/>. Measurements
/// are filtered by this fixture's own server port, so other clients in the process never count.
/// </summary>
[NonParallelizable]
public sealed class MetricsTests : DedicatedServerTests
{
    [Test]
    public async Task The_duration_histogram_records_each_command_with_its_operation_server_and_error_type()
    {
        using var collector = new MetricCollector<double>(Instrumentation.OperationDuration);
        await using var client = await ConnectAsync();
        var key = TestClients.Key("list");
        await client.RPushAsync(key, ["x"]);
        await client.LLenAsync(key);
        Assert.ThrowsAsync<RedisServerException>(async () => await client.GetAsync(key));

        var mine = Mine(collector.GetMeasurementSnapshot());
        var length = mine.Single(m => (string?)m.Tags["db.operation.name"] == "LLEN");
        Assert.Multiple(() =>
        {
            Assert.That(Instrumentation.OperationDuration.Unit, Is.EqualTo("s"));
            Assert.That(length.Value, Is.GreaterThan(0).And.LessThan(30));
            Assert.That(length.Tags["db.system.name"], Is.EqualTo("redis"));
            Assert.That(length.Tags["db.namespace"], Is.EqualTo("0"));
            Assert.That(length.Tags["server.address"], Is.EqualTo(Server.Host));
            Assert.That(length.ContainsTags("error.type"), Is.False);
            Assert.That(length.Tags.Keys, Has.None.Contains("key"), "never a key");
        });

        var failed = mine.Single(m => (string?)m.Tags["db.operation.name"] == "GET");
        Assert.That(failed.Tags["error.type"], Is.EqualTo("WRONGTYPE"));
    }

    [Test]
    public async Task Batches_and_transactions_record_one_duration_each()
    {
        using var collector = new MetricCollector<double>(Instrumentation.OperationDuration);
        await using var client = await ConnectAsync();
        var key = TestClients.Key("units");

        var batch = client.CreateBatch();
        _ = batch.Commands.IncrAsync(key);
        _ = batch.Commands.IncrAsync(key);
        await batch.ExecuteAsync();
        var transaction = client.CreateTransaction();
        _ = transaction.Commands.IncrAsync(key);
        await transaction.ExecuteAsync();

        var operations = Mine(collector.GetMeasurementSnapshot()).Select(m => (string?)m.Tags["db.operation.name"]);
        Assert.That(operations, Is.EquivalentTo(new[] { "PIPELINE", "MULTI" }));
    }

    [Test]
    public async Task Timeouts_are_counted_by_command()
    {
        using var collector = new MetricCollector<long>(Instrumentation.Timeouts);
        await using var client = await ConnectAsync(options => options with { CommandTimeout = TimeSpan.FromMilliseconds(100) });
        var key = TestClients.Key("paused");
        await client.GetAsync(key);

        await Server.CliAsync("CLIENT", "PAUSE", "400", "ALL");
        Assert.ThrowsAsync<RedisTimeoutException>(async () => await client.GetAsync(key));

        var timeouts = Mine(collector.GetMeasurementSnapshot());
        Assert.That(timeouts.Sum(m => m.Value), Is.EqualTo(1));
        Assert.That(timeouts[0].Tags["db.operation.name"], Is.EqualTo("GET"));
    }

    [Test]
    public async Task Connections_are_observed_by_kind_and_state_and_their_creation_is_timed()
    {
        using var created = new MetricCollector<double>(Instrumentation.ConnectionCreateTime);
        using var count = new MetricCollector<long>(Instrumentation.ConnectionCount);
        using var pending = new MetricCollector<long>(Instrumentation.PendingRequests);
        await using var client = await ConnectAsync(options => options with { ConnectionsPerNode = 2 });

        count.RecordObservableInstruments();
        pending.RecordObservableInstruments();

        Assert.That(Mine(created.GetMeasurementSnapshot()), Has.Count.EqualTo(2), "one per shared connection opened");
        var shared = Mine(count.GetMeasurementSnapshot()).Where(m => (string?)m.Tags["multiplex.connection.kind"] == "shared").ToList();
        Assert.That(shared, Has.Count.EqualTo(1));
        Assert.That(shared[0].Value, Is.EqualTo(2));
        Assert.That(shared[0].Tags["db.client.connection.state"], Is.EqualTo("used"));
        Assert.That(shared[0].Tags["db.client.connection.pool.name"], Is.EqualTo(Server.Endpoint));
        Assert.That(Mine(pending.GetMeasurementSnapshot()).Single().Value, Is.Zero, "nothing queued or in flight");
    }

    [Test]
    public async Task Pending_commands_are_observed_while_the_server_is_paused()
    {
        using var pending = new MetricCollector<long>(Instrumentation.PendingRequests);
        await using var client = await ConnectAsync();
        var key = TestClients.Key("pending");
        await client.GetAsync(key);

        await Server.CliAsync("CLIENT", "PAUSE", "500", "ALL");
        var waiting = Enumerable.Range(0, 5).Select(_ => client.GetAsync(key).AsTask()).ToArray();
        pending.RecordObservableInstruments();
        await Task.WhenAll(waiting);

        Assert.That(Mine(pending.GetMeasurementSnapshot()).Single().Value, Is.EqualTo(5));
    }

    [Test]
    public async Task A_reconnect_is_counted()
    {
        using var reconnects = new MetricCollector<long>(Instrumentation.Reconnects);
        await using var client = await ConnectAsync(options => QuickReconnect(Server.Port) with { AllowAdminCommands = true });
        await client.PingAsync();

        await Server.CliAsync("CLIENT", "KILL", "TYPE", "normal");
        await WaitUntilAsync(() => client.ReconnectCount == 1 && client.IsConnected);

        Assert.That(Mine(reconnects.GetMeasurementSnapshot()).Sum(m => m.Value), Is.EqualTo(1));
    }

    [Test]
    public async Task Pubsub_messages_received_and_dropped_are_counted_by_subscription_kind()
    {
        using var received = new MetricCollector<long>(Instrumentation.MessagesReceived);
        using var dropped = new MetricCollector<long>(Instrumentation.MessagesDropped);
        await using var client = await ConnectAsync();
        var channel = TestClients.Key("channel");
        await using var subscription = await client.SubscribeAsync(channel, new SubscriptionOptions { Capacity = 1 });

        for (var i = 0; i < 5; i++)
        {
            await client.PublishAsync(channel, $"message {i}");
        }

        await WaitUntilAsync(() => subscription.DroppedCount == 4);
        Assert.That(received.GetMeasurementSnapshot().Where(m => (string?)m.Tags["multiplex.subscription.kind"] == "channel").Sum(m => m.Value), Is.GreaterThanOrEqualTo(5));
        Assert.That(dropped.GetMeasurementSnapshot().Sum(m => m.Value), Is.GreaterThanOrEqualTo(4));
    }

    [Test]
    public async Task Nothing_is_recorded_for_a_command_called_before_the_histogram_was_listened_to()
    {
        await using var client = await ConnectAsync();
        var key = TestClients.Key("unheard");
        await client.GetAsync(key);
        Assert.That(Instrumentation.OperationDuration.Enabled, Is.False, "nothing else listens during this test");

        await Server.CliAsync("CLIENT", "PAUSE", "300", "ALL");
        var pending = client.GetAsync(key);
        using var collector = new MetricCollector<double>(Instrumentation.OperationDuration);
        await pending;
        await client.GetAsync(key);

        Assert.That(Mine(collector.GetMeasurementSnapshot()), Has.Count.EqualTo(1), "only the command called while listened to");
    }

    [Test]
    public async Task The_client_side_cache_reports_hits_misses_invalidations_entries_and_bytes_by_database()
    {
        // A database no other test uses: the cache instruments sum every live client's cache by database.
        const int Database = 13;
        using var hits = new MetricCollector<long>(Instrumentation.CacheHits);
        using var misses = new MetricCollector<long>(Instrumentation.CacheMisses);
        using var invalidations = new MetricCollector<long>(Instrumentation.CacheInvalidations);
        using var evictions = new MetricCollector<long>(Instrumentation.CacheEvictions);
        using var entries = new MetricCollector<long>(Instrumentation.CacheEntries);
        using var size = new MetricCollector<long>(Instrumentation.CacheSize);
        await using var client = await ConnectAsync(options => options with { Database = Database, ClientCache = new ClientCacheOptions { MaxEntries = 2 } });
        string[] keys = [TestClients.Key("cached:a"), TestClients.Key("cached:b"), TestClients.Key("cached:c")];
        foreach (var key in keys)
        {
            await client.SetAsync(key, "sixteen-byte-val");
        }

        await client.GetAsync(keys[0]); // miss, stored
        await client.GetAsync(keys[0]); // hit
        await client.GetAsync(keys[0]); // hit
        await client.GetAsync(keys[1]); // miss, stored
        await client.GetAsync(keys[2]); // miss, not stored: the cache is full and keys[2] was not read lately
        await client.GetAsync(keys[2]); // miss, stored after an eviction (two entries at most)
        await client.SetAsync(keys[2], "changed");  // drops its own key at once

        foreach (var collector in new[] { hits, misses, invalidations, evictions, entries, size })
        {
            collector.RecordObservableInstruments();
        }

        long Ours(MetricCollector<long> collector) =>
            collector.GetMeasurementSnapshot().Where(m => Equals(m.Tags["db.namespace"], "13")).Select(m => m.Value).DefaultIfEmpty(-1).Last();

        var cache = client.ClientCache!;
        Assert.Multiple(() =>
        {
            Assert.That(Ours(hits), Is.EqualTo(2).And.EqualTo(cache.Hits));
            Assert.That(Ours(misses), Is.EqualTo(4).And.EqualTo(cache.Misses));
            Assert.That(Ours(evictions), Is.EqualTo(1).And.EqualTo(cache.Evictions));
            Assert.That(Ours(invalidations), Is.GreaterThanOrEqualTo(1).And.EqualTo(cache.Invalidations));
            Assert.That(Ours(entries), Is.EqualTo(1).And.EqualTo(cache.Count));
            Assert.That(Ours(size), Is.GreaterThan(0).And.EqualTo(cache.Bytes));
            Assert.That(hits.GetMeasurementSnapshot().Where(m => Equals(m.Tags["db.namespace"], "13")).Single().Tags["db.system.name"], Is.EqualTo("redis"));
        });
    }

    private Task<RedisClient> ConnectAsync(Func<RedisClientOptions, RedisClientOptions>? configure = null)
    {
        var options = TestClients.OptionsFor(Server.Port);
        return RedisClient.ConnectAsync(configure is null ? options : configure(options), TestClients.Logs);
    }

    private List<CollectedMeasurement<T>> Mine<T>(IReadOnlyList<CollectedMeasurement<T>> measurements)
        where T : struct =>
        [.. measurements.Where(m => m.Tags.TryGetValue("server.port", out var port) && port is int value && value == Server.Port)];
}
