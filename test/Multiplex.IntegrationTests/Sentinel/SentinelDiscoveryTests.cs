using Multiplex.Connections;
using Multiplex.IntegrationTests.Support;
using Multiplex.Testing;
using Multiplex.Testing.Processes;

namespace Multiplex.IntegrationTests.Sentinel;

/// <summary>Finding the primary through the shared sentinel group (nothing here changes the group).</summary>
[Category("Sentinel")]
public sealed class SentinelDiscoveryTests : ServerTestBase
{
    [TestCase(RedisProtocol.Resp3)]
    [TestCase(RedisProtocol.Resp2)]
    public async Task Connecting_by_service_name_reaches_the_primary(RedisProtocol protocol)
    {
        var group = await SharedServers.SentinelAsync();
        var connectionString = $"{string.Join(',', group.SentinelEndpoints)},serviceName={group.MasterName},protocol={protocol.ToString().ToLowerInvariant()}";
        await using var client = await RedisClient.ConnectAsync(connectionString);
        var key = TestClients.Key("sentinel");

        await client.SetAsync(key, "through the sentinels");

        Assert.Multiple(async () =>
        {
            Assert.That(client.ServerMode, Is.EqualTo(ServerMode.Sentinel));
            Assert.That(client.IsConnected, Is.True);
            Assert.That(client.GetNodes().Select(node => node.Endpoint.Port), Is.EqualTo(new[] { group.Primary.Port }));
            Assert.That((await group.Primary.CliAsync("GET", key)).Trim(), Is.EqualTo("through the sentinels"), "the value is on the primary");
        });
    }

    [Test]
    public async Task A_first_sentinel_that_is_down_does_not_prevent_discovery()
    {
        var group = await SharedServers.SentinelAsync();
        var down = RedisEndpoint.Tcp("127.0.0.1", FreePorts.Next());
        var options = new RedisClientOptions
        {
            Endpoints = [down, .. group.SentinelEndpoints.Select(RedisEndpoint.Parse)],
            Sentinel = new SentinelOptions { ServiceName = group.MasterName },
        };

        await using var client = await RedisClient.ConnectAsync(options, TestClients.Logs);

        Assert.That(await client.PingAsync(), Is.GreaterThan(TimeSpan.Zero));
        Assert.That(client.GetNodes().Single().Endpoint.Port, Is.EqualTo(group.Primary.Port));
    }

    [Test]
    public void An_unknown_service_name_fails_with_each_sentinels_answer()
    {
        var group = SharedServers.SentinelAsync().GetAwaiter().GetResult();
        var options = new RedisClientOptions
        {
            Endpoints = [.. group.SentinelEndpoints.Select(RedisEndpoint.Parse)],
            Sentinel = new SentinelOptions { ServiceName = "no-such-service" },
        };

        var error = Assert.ThrowsAsync<RedisConnectionException>(async () => await RedisClient.ConnectAsync(options, TestClients.Logs));

        Assert.That(error!.Message, Does.Contain("no-such-service").And.Contain(group.SentinelEndpoints[0]).And.Contain("does not monitor"));
    }

    [Test]
    public async Task A_client_given_one_sentinel_learns_the_others()
    {
        var group = await SharedServers.SentinelAsync();
        var options = new RedisClientOptions
        {
            Endpoints = [RedisEndpoint.Parse(group.SentinelEndpoints[0])],
            Sentinel = new SentinelOptions { ServiceName = group.MasterName },
        };
        await using var client = await RedisClient.ConnectAsync(options, TestClients.Logs);

        await WaitUntilAsync(() => client.Sentinels.Count == group.Sentinels.Count);

        Assert.That(client.Sentinels.Select(endpoint => endpoint.ToString()), Is.EquivalentTo(group.SentinelEndpoints));
    }

    [Test]
    public async Task The_sentinels_credentials_provider_is_asked_for_every_sentinel_connection()
    {
        var group = await SharedServers.SentinelAsync();
        var user = $"sentinel-reader-{Guid.NewGuid():N}";
        foreach (var sentinel in group.Sentinels)
        {
            await sentinel.CliAsync("ACL", "SETUSER", user, "on", ">rotating-sentinel-password", "+@all", "&*");
        }

        try
        {
            var asked = 0;
            var options = new RedisClientOptions
            {
                Endpoints = [.. group.SentinelEndpoints.Select(RedisEndpoint.Parse)],
                Sentinel = new SentinelOptions
                {
                    ServiceName = group.MasterName,
                    CredentialsProvider = RedisCredentialsProvider.Create(_ =>
                    {
                        Interlocked.Increment(ref asked);
                        return ValueTask.FromResult(new RedisCredentials(user, "rotating-sentinel-password"));
                    }),
                },
            };
            await using var client = await RedisClient.ConnectAsync(options, TestClients.Logs);
            var key = TestClients.Key("sentinel-credentials");
            await client.SetAsync(key, "through the provider's sentinels");

            Assert.That((string?)await client.GetAsync(key), Is.EqualTo("through the provider's sentinels"));
            Assert.That(Volatile.Read(ref asked), Is.GreaterThanOrEqualTo(1));
            var listed = await group.Sentinels[0].CliAsync("CLIENT", "LIST");
            Assert.That(listed, Does.Contain($" user={user} "), "the sentinel connections authenticated as the provider's user");
        }
        finally
        {
            foreach (var sentinel in group.Sentinels)
            {
                await sentinel.CliAsync("ACL", "DELUSER", user);
            }
        }
    }

    [Test]
    public async Task In_fail_fast_mode_commands_before_the_primary_is_known_fail_at_once()
    {
        var group = await SharedServers.SentinelAsync();

        // No connection opens until the command has been refused, so the primary cannot be known yet
        // however fast the discovery is (seen succeeding in CI when it beat the first command).
        var opening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var options = new RedisClientOptions
        {
            Endpoints = [.. group.SentinelEndpoints.Select(RedisEndpoint.Parse)],
            Sentinel = new SentinelOptions { ServiceName = group.MasterName },
            WhileDisconnected = DisconnectedBehavior.FailFast,
            TransportFactory = async (endpoint, opened, cancellationToken) =>
            {
                await opening.Task.WaitAsync(cancellationToken);
                return await Transport.ConnectAsync(endpoint, opened, cancellationToken);
            },
        };
        await using var client = RedisClient.Create(options, TestClients.Logs);

        var error = Assert.ThrowsAsync<RedisConnectionException>(async () => await client.GetAsync(TestClients.Key("early")));
        opening.SetResult();
        await client.WaitForConnectionAsync(TimeSpan.FromSeconds(10));

        Assert.That(error!.Outcome, Is.EqualTo(CommandOutcome.NotSent));
        Assert.That(error.Message, Does.Contain("fail-fast").And.Contain(group.MasterName));
        Assert.That(await client.PingAsync(), Is.GreaterThan(TimeSpan.Zero));
    }

    [Test]
    public void With_every_sentinel_down_connecting_fails_naming_each_one()
    {
        var down = new[] { RedisEndpoint.Tcp("127.0.0.1", FreePorts.Next()), RedisEndpoint.Tcp("127.0.0.1", FreePorts.Next()) };
        var options = new RedisClientOptions { Endpoints = down, Sentinel = new SentinelOptions { ServiceName = "mymaster", Password = "sentinel-secret" } };
        var watch = System.Diagnostics.Stopwatch.StartNew();

        var error = Assert.ThrowsAsync<RedisConnectionException>(async () => await RedisClient.ConnectAsync(options, TestClients.Logs));

        TestContext.Out.WriteLine($"failed after {watch.ElapsedMilliseconds} ms: {error!.Message}");
        Assert.Multiple(() =>
        {
            Assert.That(error.Message, Does.Contain(down[0].ToString()).And.Contain(down[1].ToString()).And.Contain("mymaster"));
            Assert.That(error.ToString(), Does.Not.Contain("sentinel-secret"));
            Assert.That(error.Outcome, Is.EqualTo(CommandOutcome.NotSent));
        });
    }

    [Test]
    public async Task A_client_made_by_Create_waits_for_the_primary_and_serves_commands_issued_before()
    {
        var group = await SharedServers.SentinelAsync();
        var options = new RedisClientOptions
        {
            Endpoints = [.. group.SentinelEndpoints.Select(RedisEndpoint.Parse)],
            Sentinel = new SentinelOptions { ServiceName = group.MasterName },
        };
        await using var client = RedisClient.Create(options, TestClients.Logs);
        var key = TestClients.Key("early");

        var early = client.SetAsync(key, "issued before discovery");
        await client.WaitForConnectionAsync(TimeSpan.FromSeconds(10));

        Assert.That(await early, Is.True);
        Assert.That((string?)await client.GetAsync(key), Is.EqualTo("issued before discovery"));
    }

    [Test]
    public async Task Subscriptions_ride_on_the_primary()
    {
        var group = await SharedServers.SentinelAsync();
        var options = new RedisClientOptions
        {
            Endpoints = [.. group.SentinelEndpoints.Select(RedisEndpoint.Parse)],
            Sentinel = new SentinelOptions { ServiceName = group.MasterName },
        };
        await using var client = await RedisClient.ConnectAsync(options, TestClients.Logs);
        var channel = TestClients.Key("news");
        await using var subscription = await client.SubscribeAsync(channel);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await using var messages = subscription.GetAsyncEnumerator(stop.Token);

        var receivers = (await group.Primary.CliAsync("PUBLISH", channel, "hello")).Trim();

        Assert.That(receivers, Is.EqualTo("1"));
        Assert.That(await messages.MoveNextAsync(), Is.True);
        Assert.That(messages.Current.Payload.ToString(), Is.EqualTo("hello"));
    }

    [TestCase(ReplicaReads.ReplicaOnly)]
    [TestCase(ReplicaReads.PreferReplica)]
    public async Task With_replica_reads_reads_reach_a_replica_and_writes_the_primary(ReplicaReads reads)
    {
        var group = await SharedServers.SentinelAsync();
        var options = new RedisClientOptions
        {
            Endpoints = [.. group.SentinelEndpoints.Select(RedisEndpoint.Parse)],
            Sentinel = new SentinelOptions { ServiceName = group.MasterName },
            Cluster = new ClusterOptions { ReplicaReads = reads },
        };
        await using var client = await RedisClient.ConnectAsync(options, TestClients.Logs);
        var key = TestClients.Key("replicated");
        await client.SetAsync(key, "v");
        await client.WaitForConnectionAsync(TimeSpan.FromSeconds(10));
        await WaitUntilAsync(() => client.GetNodes().Count(node => node.IsReplica && node.IsConnected) == group.Replicas.Count);
        var readsBefore = await ReplicaCallsAsync(group, "get");
        var setsBefore = await ReplicaCallsAsync(group, "set");

        for (var i = 0; i < 20; i++)
        {
            await client.GetAsync(key);
        }

        Assert.Multiple(async () =>
        {
            Assert.That(client.GetNodes().Where(node => node.IsReplica).Select(node => node.Endpoint.Port), Is.EquivalentTo(group.Replicas.Select(replica => replica.Port)));
            Assert.That(await ReplicaCallsAsync(group, "get") - readsBefore, Is.EqualTo(20), "every GET went to a replica");
            Assert.That(await ReplicaCallsAsync(group, "set"), Is.EqualTo(setsBefore), "no write went to a replica");
        });
    }

    private static async Task<long> ReplicaCallsAsync(RedisSentinelGroup group, string command)
    {
        long total = 0;
        foreach (var replica in group.Replicas)
        {
            var info = await replica.CliAsync("INFO", "commandstats");
            var line = info.Split('\n', StringSplitOptions.TrimEntries).FirstOrDefault(text => text.StartsWith($"cmdstat_{command}:", StringComparison.Ordinal));
            if (line is not null)
            {
                total += long.Parse(line.Split("calls=")[1].Split(',')[0], System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return total;
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var attempt = 0; attempt < 200 && !condition(); attempt++)
        {
            await Task.Delay(50);
        }

        Assert.That(condition(), Is.True, "not within 10 s");
    }
}
