using System.Globalization;
using Multiplex.IntegrationTests.Support;
using Multiplex.Testing;

namespace Multiplex.IntegrationTests.Views;

/// <summary>
/// Database views against a real server of its own (its connections are killed here): each database's
/// commands run on connections that SELECTed it, through reconnects too, and nothing reaches another.
/// </summary>
[NonParallelizable]
public sealed class DatabaseViewTests : DedicatedServerTests
{
    [Test]
    public async Task Each_database_view_reads_and_writes_its_own_database()
    {
        await using var client = await ConnectAsync();
        var key = TestClients.Key("k");
        var three = client.WithDatabase(3);

        await client.SetAsync(key, "zero");
        await three.SetAsync(key, "three");
        await client.WithDatabase(5).SetAsync(key, "five");

        Assert.That((string?)await client.GetAsync(key), Is.EqualTo("zero"));
        Assert.That((string?)await three.GetAsync(key), Is.EqualTo("three"));
        Assert.That(await RawGetAsync(3, key), Is.EqualTo("three"));
        Assert.That(await RawGetAsync(5, key), Is.EqualTo("five"));
        Assert.That(three.Options.Database, Is.EqualTo(3));
        Assert.That(client.WithDatabase(3), Is.SameAs(three), "a database's connections are opened once and shared");
        Assert.That(three.WithDatabase(0), Is.SameAs(client));
    }

    [Test]
    public async Task Transactions_blocking_commands_and_sessions_of_a_database_view_run_on_that_database()
    {
        await using var client = await ConnectAsync();
        var two = client.WithDatabase(2);
        var key = TestClients.Key("k");

        var transaction = two.CreateTransaction();
        transaction.AddCondition(Condition.KeyNotExists(key));
        _ = transaction.Commands.SetAsync(key, "in a transaction");
        Assert.That(await transaction.ExecuteAsync(), Is.True);

        await using (var session = await two.LeaseDedicatedSessionAsync())
        {
            await session.Commands.RPushAsync(key + ":list", ["job"]);
        }

        var popped = await two.BLPopAsync(key + ":list", TimeSpan.FromSeconds(5));

        Assert.That(await RawGetAsync(2, key), Is.EqualTo("in a transaction"));
        Assert.That((string?)popped!.Value.Value, Is.EqualTo("job"));
        Assert.That(await client.ExistsAsync([key, key + ":list"]), Is.Zero);
    }

    [Test]
    public async Task A_key_prefix_and_a_database_compose_in_either_order()
    {
        await using var client = await ConnectAsync();
        var prefix = TestClients.Key("tenant") + ":";

        await client.WithDatabase(4).WithKeyPrefix(prefix).SetAsync("a", "1");
        await client.WithKeyPrefix(prefix).WithDatabase(4).SetAsync("b", "2");
        var view = client.WithKeyPrefix(prefix).WithDatabase(4);

        Assert.That(await RawGetAsync(4, prefix + "a"), Is.EqualTo("1"));
        Assert.That(await RawGetAsync(4, prefix + "b"), Is.EqualTo("2"));
        Assert.That((await view.KeysAsync("*")).Select(key => key.ToString()), Is.EquivalentTo(new[] { "a", "b" }));
        Assert.That(view.WithDatabase(0).KeyPrefix.ToString(), Is.EqualTo(prefix), "the prefix stays with the view");
    }

    [Test]
    public async Task Writes_through_a_database_view_stay_on_its_database_while_its_connections_are_killed()
    {
        await using var client = await ConnectAsync(options => options with { ConnectionsPerNode = 2 });
        var six = client.WithDatabase(6);
        var key = TestClients.Key("counter");
        await six.WaitForConnectionAsync();
        using var stop = new CancellationTokenSource();
        var written = 0L;
        var writers = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    await six.IncrAsync(key);
                    Interlocked.Increment(ref written);
                }
                catch (RedisConnectionException)
                {
                    // Cut off by the kill: the write may or may not have run; the count is checked below.
                }
            }
        })).ToArray();

        for (var kill = 0; kill < 3; kill++)
        {
            await WaitUntilAsync(() => Interlocked.Read(ref written) > (kill + 1) * 200);
            await Server.CliAsync("CLIENT", "KILL", "TYPE", "normal");
        }

        await WaitUntilAsync(() => six.ReconnectCount >= 1 && six.IsConnected);
        await stop.CancelAsync();
        await Task.WhenAll(writers);

        var inSix = long.Parse(await RawGetAsync(6, key) ?? "0", CultureInfo.InvariantCulture);
        Assert.That(inSix, Is.GreaterThanOrEqualTo(Interlocked.Read(ref written)), "every acknowledged write is in database 6");
        Assert.That(await client.ExistsAsync(key), Is.False, "none reached database 0");
        for (var database = 1; database < 16; database++)
        {
            Assert.That(database == 6 || await RawGetAsync(database, key) is null, Is.True, $"none reached database {database}");
        }

        Assert.That(await six.IncrAsync(key), Is.EqualTo(inSix + 1));
    }

    [Test]
    public async Task Disposing_a_view_does_nothing_and_disposing_the_client_closes_its_databases()
    {
        var client = await ConnectAsync();
        var one = client.WithDatabase(1);
        var key = TestClients.Key("k");
        await one.SetAsync(key, "v");

        await one.DisposeAsync();
        await client.WithKeyPrefix("t:").DisposeAsync();
        Assert.That((string?)await one.GetAsync(key), Is.EqualTo("v"));
        Assert.That(await client.ExistsAsync(key), Is.False);

        await client.DisposeAsync();
        Assert.That(async () => await one.GetAsync(key), Throws.InstanceOf<RedisConnectionException>().Or.InstanceOf<ObjectDisposedException>());
        Assert.Throws<ObjectDisposedException>(() => client.WithDatabase(2));
    }

    [Test]
    public async Task A_database_the_server_does_not_have_fails_the_view_s_commands_with_the_server_s_reason()
    {
        await using var client = await ConnectAsync();
        var error = Assert.ThrowsAsync<RedisConnectionException>(async () => await client.WithDatabase(99).GetAsync("k"));
        Assert.That(error!.InnerException, Is.InstanceOf<RedisServerException>());
        Assert.That(error.InnerException!.Message, Does.Contain("DB index"));
        Assert.That(await client.PingAsync(), Is.GreaterThan(TimeSpan.Zero), "the client itself is unaffected");
    }

    [Test]
    public async Task A_client_that_does_not_know_its_server_yet_refuses_a_database_view()
    {
        await using var client = RedisClient.Create(TestClients.OptionsFor(ClosedPort()));
        var error = Assert.Throws<InvalidOperationException>(() => client.WithDatabase(1));
        Assert.That(error!.Message, Does.Contain("WaitForConnectionAsync"));
        Assert.That(client.WithDatabase(0), Is.SameAs(client));
    }

    private Task<RedisClient> ConnectAsync(Func<RedisClientOptions, RedisClientOptions>? configure = null)
    {
        var options = QuickReconnect(Server.Port);
        return RedisClient.ConnectAsync(configure is null ? options : configure(options), TestClients.Logs, CancellationToken.None);
    }

    /// <summary>GET of <paramref name="key"/> in <paramref name="database"/>, over a raw connection that SELECTs it.</summary>
    private async Task<string?> RawGetAsync(int database, string key)
    {
        await using var raw = await RawRespConnection.ConnectAsync(Server.Host, Server.Port);
        await raw.CommandAsync(["SELECT", database.ToString(CultureInfo.InvariantCulture)]);
        return await raw.CommandAsync(["GET", key]);
    }

    private static int ClosedPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
