using System.Collections.Concurrent;
using System.Globalization;
using Multiplex.IntegrationTests.Support;
using Multiplex.Testing;

namespace Multiplex.IntegrationTests.Diagnostics;

/// <summary>
/// The client's events on a real server: connected, lost and reconnected (CLIENT KILL, a restart),
/// failed attempts while the server is down, re-authentication; handlers that throw or block disturb
/// no command.
/// </summary>
[NonParallelizable]
public sealed class ClientEventTests : DedicatedServerTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    // A process, not a container: a test stops the server and starts it again on the same port.
    private RedisServer ServerProcess => (RedisServer)Server;

    protected override async Task<IServerFixture> StartServerAsync() => await RedisServer.StartAsync();

    [Test]
    public async Task A_client_kill_raises_connected_then_connection_failed_then_reconnected()
    {
        var recorder = new Recorder();
        await using var client = RedisClient.Create(QuickReconnect(Server.Port), TestClients.Logs);
        recorder.Attach(client);
        await client.WaitForConnectionAsync(Patience);
        var connected = await recorder.Connected.Task.WaitAsync(Patience);
        Assert.That((connected.Endpoint, connected.ConnectionKind), Is.EqualTo((Server.Endpoint, ConnectionKind.Shared)));

        var id = (long)await client.ExecuteAsync("CLIENT", ["ID"]);
        await Server.CliAsync("CLIENT", "KILL", "ID", id.ToString(CultureInfo.InvariantCulture));

        var reconnected = await recorder.Reconnected.Task.WaitAsync(Patience);
        Assert.Multiple(() =>
        {
            Assert.That(recorder.Failures.Where(failure => failure.Attempt == 0).Select(failure => failure.Endpoint), Has.Some.EqualTo(Server.Endpoint), "the loss was reported");
            Assert.That((reconnected.Endpoint, reconnected.ConnectionKind), Is.EqualTo((Server.Endpoint, ConnectionKind.Shared)));
            Assert.That(reconnected.Attempts, Is.GreaterThanOrEqualTo(1));
            Assert.That(recorder.Order, Is.EqualTo(new[] { "connected", "failed", "reconnected" }), "events arrive in the order raised");
        });
    }

    [Test]
    public async Task Attempts_that_fail_while_the_server_is_down_are_reported_with_the_endpoint_then_the_reconnect()
    {
        var recorder = new Recorder();
        await using var client = await RedisClient.ConnectAsync(QuickReconnect(Server.Port), TestClients.Logs);
        recorder.Attach(client);
        await ServerProcess.StopAsync();
        try
        {
            await WaitUntilAsync(() => recorder.Failures.Any(failure => failure.Attempt >= 2), Patience);
        }
        finally
        {
            await ServerProcess.StartAgainAsync();
        }

        var reconnected = await recorder.Reconnected.Task.WaitAsync(Patience);
        var attempts = recorder.Failures.Where(failure => failure.Attempt >= 1).ToArray();
        Assert.Multiple(async () =>
        {
            Assert.That(attempts.Select(failure => failure.Endpoint), Is.All.EqualTo(Server.Endpoint));
            Assert.That(attempts.Select(failure => failure.Error), Is.All.InstanceOf<RedisConnectionException>());
            Assert.That(attempts.Select(failure => failure.Attempt), Is.Ordered, "attempts are numbered in order");
            Assert.That(reconnected.Attempts, Is.GreaterThan(attempts.Max(failure => failure.Attempt)), "the attempt that succeeded follows the ones that failed");
            Assert.That(reconnected.Downtime, Is.GreaterThan(TimeSpan.Zero));
            Assert.That((string?)await client.EchoAsync("back"), Is.EqualTo("back"));
        });
    }

    [Test]
    public async Task A_throwing_handler_disturbs_no_command_and_the_other_handlers_still_get_the_events()
    {
        await using var client = await RedisClient.ConnectAsync(QuickReconnect(Server.Port), TestClients.Logs);
        client.ConnectionFailed += (_, _) => throw new InvalidOperationException("a handler bug");
        client.Reconnected += (_, _) => throw new InvalidOperationException("a handler bug");
        var recorder = new Recorder();
        recorder.Attach(client);
        var key = TestClients.Key("events:throwing");

        for (var round = 1; round <= 3; round++)
        {
            var id = (long)await client.ExecuteAsync("CLIENT", ["ID"]);
            await Server.CliAsync("CLIENT", "KILL", "ID", id.ToString(CultureInfo.InvariantCulture));
            var expected = round;
            await WaitUntilAsync(() => recorder.ReconnectedCount >= expected, Patience);
            Assert.That(await client.IncrAsync(key), Is.EqualTo(round), "commands go on after each reconnect");
        }

        Assert.That(recorder.Failures.Count(failure => failure.Attempt == 0), Is.GreaterThanOrEqualTo(3));
    }

    [Test]
    public async Task A_handler_that_blocks_delays_no_command_and_no_reconnect()
    {
        await using var client = await RedisClient.ConnectAsync(QuickReconnect(Server.Port), TestClients.Logs);
        using var release = new ManualResetEventSlim();
        var blocked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        client.ConnectionFailed += (_, _) =>
        {
            blocked.TrySetResult();
            release.Wait(Patience);
        };
        var reconnected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        client.Reconnected += (_, _) => reconnected.TrySetResult();
        var key = TestClients.Key("events:blocking");
        try
        {
            var id = (long)await client.ExecuteAsync("CLIENT", ["ID"]);
            await Server.CliAsync("CLIENT", "KILL", "ID", id.ToString(CultureInfo.InvariantCulture));
            await blocked.Task.WaitAsync(Patience);

            // The handler is still blocked: the client reconnected and serves commands regardless.
            await WaitUntilAsync(() => client.IsConnected, Patience);
            for (var i = 1; i <= 100; i++)
            {
                Assert.That(await client.IncrAsync(key), Is.EqualTo(i));
            }

            Assert.That(release.IsSet, Is.False);
            Assert.That(reconnected.Task.IsCompleted, Is.False, "the events after the blocked one wait for it");
        }
        finally
        {
            release.Set();
        }

        await reconnected.Task.WaitAsync(Patience);
    }

    [Test]
    public async Task A_credentials_rotation_raises_reauthenticated_for_each_live_connection()
    {
        var user = $"events-{Guid.NewGuid():N}";
        await Server.CliAsync("ACL", "SETUSER", user, "on", ">first", ">second", "~*", "&*", "+@all");
        var password = "first";
        var options = QuickReconnect(Server.Port) with
        {
            ConnectionsPerNode = 2,
            CredentialsProvider = RedisCredentialsProvider.Create(_ => ValueTask.FromResult(new RedisCredentials(user, Volatile.Read(ref password)))),
        };
        await using var client = await RedisClient.ConnectAsync(options, TestClients.Logs);
        var reauthenticated = new ConcurrentQueue<ReauthenticatedEventArgs>();
        client.Reauthenticated += (_, args) => reauthenticated.Enqueue(args);

        Volatile.Write(ref password, "second");
        Assert.That(await client.ReauthenticateAsync(), Is.EqualTo(2));

        await WaitUntilAsync(() => reauthenticated.Count >= 2, Patience);
        Assert.That(reauthenticated.Select(args => (args.Endpoint, args.ConnectionKind)), Is.All.EqualTo((Server.Endpoint, ConnectionKind.Shared)));
        Assert.That(await client.AclWhoAmIAsync(), Is.EqualTo(user));
    }

    [Test]
    public async Task A_maintenance_push_from_the_server_is_reported_and_the_replies_around_it_stay_in_order()
    {
        await using var proxy = await FaultProxy.StartAsync("127.0.0.1", Server.Port);
        await using var client = await RedisClient.ConnectAsync(
            QuickReconnect(Server.Port) with { Endpoints = [RedisEndpoint.Tcp("127.0.0.1", proxy.Port)], ConnectionsPerNode = 1 }, TestClients.Logs);
        var notified = new TaskCompletionSource<MaintenanceNotificationEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        client.MaintenanceNotification += (_, args) => notified.TrySetResult(args);
        var key = TestClients.Key("events:maintenance");
        await client.SetAsync(key, "v");

        // Idle connection: the push arrives as a whole frame between replies, as a server sends it.
        await proxy.InjectToClientsAsync(">4\r\n$6\r\nMOVING\r\n:31\r\n:15\r\n$14\r\n10.0.0.9:12000\r\n"u8.ToArray());

        var notification = await notified.Task.WaitAsync(Patience);
        Assert.Multiple(async () =>
        {
            Assert.That(notification.Kind, Is.EqualTo(MaintenanceNotificationKind.Moving));
            Assert.That((notification.SequenceId, notification.TimeRemaining, notification.Target), Is.EqualTo(((long?)31, (TimeSpan?)TimeSpan.FromSeconds(15), "10.0.0.9:12000")));
            Assert.That(notification.Endpoint, Is.EqualTo(proxy.Endpoint));
            Assert.That((string?)await client.GetAsync(key), Is.EqualTo("v"), "the push answered no command");
            Assert.That(await client.IncrAsync(key + ":n"), Is.EqualTo(1));
        });
    }

    [TestCase(RedisProtocol.Resp3)]
    [TestCase(RedisProtocol.Resp2)]
    public async Task Asking_for_maintenance_notifications_from_a_server_without_them_is_harmless(RedisProtocol protocol)
    {
        var errors = new ConcurrentQueue<ClientErrorEventArgs>();
        await using var client = RedisClient.Create(QuickReconnect(Server.Port) with { Protocol = protocol, MaintenanceNotifications = true }, TestClients.Logs);
        client.Error += (_, args) => errors.Enqueue(args);
        await client.WaitForConnectionAsync(Patience);

        var key = TestClients.Key("events:maint-refused");
        await client.SetAsync(key, "v");
        Assert.That((string?)await client.GetAsync(key), Is.EqualTo("v"));
        Assert.That(client.Protocol, Is.EqualTo(protocol));
        Assert.That(errors, Is.Empty);
    }

    [Test]
    public async Task Disposing_the_client_stops_its_events()
    {
        var client = RedisClient.Create(QuickReconnect(Server.Port), TestClients.Logs);
        var calls = 0;
        client.ConnectionFailed += (_, _) => Interlocked.Increment(ref calls);
        client.Connected += (_, _) => Interlocked.Increment(ref calls);
        await client.WaitForConnectionAsync(Patience);
        await client.DisposeAsync();
        var after = Volatile.Read(ref calls);

        // A server restart after disposal reaches no handler.
        await ServerProcess.StopAsync();
        await ServerProcess.StartAgainAsync();
        await Task.Delay(200);
        Assert.That(Volatile.Read(ref calls), Is.EqualTo(after));
    }

    /// <summary>Records a client's connection events.</summary>
    private sealed class Recorder
    {
        private int _reconnected;

        public TaskCompletionSource<ConnectedEventArgs> Connected { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource<ReconnectedEventArgs> Reconnected { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public ConcurrentQueue<ConnectionFailedEventArgs> Failures { get; } = new();

        public List<string> Order { get; } = [];

        public int ReconnectedCount => Volatile.Read(ref _reconnected);

        public void Attach(RedisClient client)
        {
            client.Connected += (_, args) =>
            {
                Note("connected");
                Connected.TrySetResult(args);
            };
            client.ConnectionFailed += (_, args) =>
            {
                Failures.Enqueue(args);
                Note("failed");
            };
            client.Reconnected += (_, args) =>
            {
                Interlocked.Increment(ref _reconnected);
                Note("reconnected");
                Reconnected.TrySetResult(args);
            };
        }

        private void Note(string what)
        {
            lock (Order)
            {
                if (Order.Count == 0 || Order[^1] != what)
                {
                    Order.Add(what);
                }
            }
        }
    }
}
