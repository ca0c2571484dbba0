using System.Diagnostics;
using Multiplex.IntegrationTests.Support;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace Multiplex.IntegrationTests.Diagnostics;

/// <summary>
/// Spans of the <c>Multiplex</c> source through the OpenTelemetry SDK and its in-memory exporter. Each
/// test runs its commands under a parent span of its own and looks only at the spans of that trace, so
/// commands of other tests (listeners are process-wide) never count.
/// </summary>
[NonParallelizable]
public sealed class TracingTests : DedicatedServerTests
{
    private const string TestSourceName = "Multiplex.IntegrationTests.Tracing";
    private static readonly ActivitySource TestSource = new(TestSourceName);

    private readonly List<Activity> _exported = [];
    private TracerProvider? _provider;

    [SetUp]
    public void StartTracing() =>
        _provider = Sdk.CreateTracerProviderBuilder()
            .AddSource(MultiplexTelemetry.ActivitySourceName, TestSourceName)
            .AddInMemoryExporter(_exported)
            .Build();

    [TearDown]
    public void StopTracing()
    {
        _provider?.Dispose();
        _exported.Clear();
    }

    [Test]
    public async Task GET_has_one_client_span_with_the_conventions_attributes_and_leaves_the_callers_current_activity_alone()
    {
        await using var client = await ConnectAsync(options => options with { Database = 3 });
        var key = TestClients.Key("get");
        using var parent = TestSource.StartActivity("test")!;

        await client.GetAsync(key);

        Assert.That(Activity.Current, Is.SameAs(parent), "the command's span never becomes the caller's current activity");
        var span = SpansOf(parent).Single();
        Assert.Multiple(() =>
        {
            Assert.That(span.DisplayName, Is.EqualTo("GET"));
            Assert.That(span.Kind, Is.EqualTo(ActivityKind.Client));
            Assert.That(span.ParentSpanId, Is.EqualTo(parent.SpanId));
            Assert.That(span.Status, Is.EqualTo(ActivityStatusCode.Unset));
            Assert.That(span.GetTagItem("db.system.name"), Is.EqualTo("redis"));
            Assert.That(span.GetTagItem("db.operation.name"), Is.EqualTo("GET"));
            Assert.That(span.GetTagItem("db.namespace"), Is.EqualTo("3"));
            Assert.That(span.GetTagItem("server.address"), Is.EqualTo(Server.Host));
            Assert.That(span.GetTagItem("server.port"), Is.EqualTo(Server.Port));
            Assert.That(span.GetTagItem("db.query.text"), Is.Null, "no query text unless asked for");
            Assert.That(span.GetTagItem("error.type"), Is.Null);
            Assert.That(span.Duration, Is.GreaterThan(TimeSpan.Zero));
        });
    }

    [Test]
    public async Task Ending_a_span_on_the_reader_loop_leaves_the_loop_without_the_callers_activity()
    {
        await using var client = await ConnectAsync();
        using (var parent = TestSource.StartActivity("test")!)
        {
            await client.GetAsync(TestClients.Key("read")); // its span ends on the reader loop
        }

        Assert.That(Activity.Current, Is.Null);

        // A full subscription buffer raises MessagesDropped from the reader loop's drop, on the thread
        // pool with the loop's execution context: the handler sees what the loop has as current.
        var channel = TestClients.Key("channel");
        await using var subscription = await client.SubscribeAsync(channel, new SubscriptionOptions { Capacity = 1 });
        var seen = new TaskCompletionSource<Activity?>(TaskCreationOptions.RunContinuationsAsynchronously);
        subscription.MessagesDropped += (_, _) => seen.TrySetResult(Activity.Current);

        // Published by another client: a span of this client's ending meanwhile would reset its loop.
        await using var publisher = await ConnectAsync();
        for (var i = 0; i < 3; i++)
        {
            await publisher.PublishAsync(channel, $"message {i}");
        }

        Assert.That(await seen.Task.WaitAsync(TimeSpan.FromSeconds(10)), Is.Null, "the reader loop took on the caller's activity");
    }

    [Test]
    public async Task A_failing_command_has_the_servers_error_prefix_as_error_type_and_status_error()
    {
        await using var client = await ConnectAsync();
        var key = TestClients.Key("list");
        await client.RPushAsync(key, ["x"]);
        using var parent = TestSource.StartActivity("test")!;

        Assert.ThrowsAsync<RedisServerException>(async () => await client.GetAsync(key));

        var span = SpansOf(parent).Single();
        Assert.Multiple(() =>
        {
            Assert.That(span.DisplayName, Is.EqualTo("GET"));
            Assert.That(span.Status, Is.EqualTo(ActivityStatusCode.Error));
            Assert.That(span.GetTagItem("error.type"), Is.EqualTo("WRONGTYPE"));
            Assert.That(span.GetTagItem("db.response.status_code"), Is.EqualTo("WRONGTYPE"));
            Assert.That(span.StatusDescription, Does.Not.Contain(key), "the status never quotes the server's text");
        });
    }

    [Test]
    public async Task A_timed_out_command_ends_its_span_once_with_the_timeout()
    {
        await using var client = await ConnectAsync(options => options with { CommandTimeout = TimeSpan.FromMilliseconds(100) });
        var key = TestClients.Key("paused");
        await client.GetAsync(key);
        using var parent = TestSource.StartActivity("test")!;

        await Server.CliAsync("CLIENT", "PAUSE", "400", "ALL");
        Assert.ThrowsAsync<RedisTimeoutException>(async () => await client.GetAsync(key));

        // The late reply, read and discarded after the pause, must not end the span a second time.
        await PingUntilAnsweredAsync(client);
        var span = SpansOf(parent).Single(s => s.DisplayName == "GET");
        Assert.That(span.GetTagItem("error.type"), Is.EqualTo(typeof(RedisTimeoutException).FullName));
        Assert.That(span.Status, Is.EqualTo(ActivityStatusCode.Error));
    }

    [Test]
    public async Task A_cancelled_command_ends_its_span_with_the_cancellation()
    {
        await using var client = await ConnectAsync();
        var key = TestClients.Key("cancelled");
        await client.GetAsync(key);
        using var parent = TestSource.StartActivity("test")!;

        await Server.CliAsync("CLIENT", "PAUSE", "300", "ALL");
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));
        Assert.CatchAsync<OperationCanceledException>(async () => await client.GetAsync(key, cancellation.Token));
        await client.PingAsync();

        var span = SpansOf(parent).Single(s => s.DisplayName == "GET");
        Assert.That(span.GetTagItem("error.type"), Is.EqualTo(typeof(OperationCanceledException).FullName));
    }

    [Test]
    public async Task A_batch_has_one_PIPELINE_span_with_its_command_count_and_none_per_command()
    {
        await using var client = await ConnectAsync();
        var key = TestClients.Key("batch");
        using var parent = TestSource.StartActivity("test")!;

        var batch = client.CreateBatch();
        var set = batch.Commands.SetAsync(key, "v");
        var get = batch.Commands.GetAsync(key);
        var length = batch.Commands.StrLenAsync(key);
        await batch.ExecuteAsync();
        await set;
        await get;
        await length;

        var span = SpansOf(parent).Single();
        Assert.Multiple(() =>
        {
            Assert.That(span.DisplayName, Is.EqualTo("PIPELINE"));
            Assert.That(span.GetTagItem("db.operation.name"), Is.EqualTo("PIPELINE"));
            Assert.That(span.GetTagItem("db.operation.batch.size"), Is.EqualTo(3));
            Assert.That(span.GetTagItem("server.port"), Is.EqualTo(Server.Port));
            Assert.That(span.Kind, Is.EqualTo(ActivityKind.Client));
        });
    }

    [Test]
    public async Task A_transaction_has_one_MULTI_span_with_its_command_count()
    {
        await using var client = await ConnectAsync();
        var key = TestClients.Key("multi");
        using var parent = TestSource.StartActivity("test")!;

        var transaction = client.CreateTransaction();
        var incremented = transaction.Commands.IncrAsync(key);
        var again = transaction.Commands.IncrAsync(key);
        Assert.That(await transaction.ExecuteAsync(), Is.True);
        Assert.That(await again, Is.EqualTo(2));
        await incremented;

        var span = SpansOf(parent).Single();
        Assert.Multiple(() =>
        {
            Assert.That(span.DisplayName, Is.EqualTo("MULTI"));
            Assert.That(span.GetTagItem("db.operation.batch.size"), Is.EqualTo(2));
            Assert.That(span.GetTagItem("server.address"), Is.EqualTo(Server.Host));
            Assert.That(span.Status, Is.EqualTo(ActivityStatusCode.Unset));
        });
    }

    [Test]
    public async Task TransactAsync_has_one_span_over_its_attempts_whose_children_are_the_attempts_commands()
    {
        await using var client = await ConnectAsync();
        var key = TestClients.Key("transact");
        await client.SetAsync(key, "0");
        using var parent = TestSource.StartActivity("test")!;

        var attempts = await client.TransactAsync([key], async (tx, ct) =>
        {
            var current = (long)await tx.Client.GetAsync(key, ct);
            if (tx.Attempt == 1)
            {
                await client.SetAsync(key, "10", cancellationToken: ct); // a conflict: the first attempt is discarded
            }

            _ = tx.Transaction.SetAsync(key, current + 1, cancellationToken: ct);
        });

        Assert.That(attempts, Is.EqualTo(2));
        Assert.That(Activity.Current, Is.SameAs(parent), "the caller's current activity is its own again");
        var spans = SpansOf(parent);
        var transact = spans.Single(span => span.DisplayName == "TRANSACT");
        var children = spans.Where(span => span.ParentSpanId == transact.SpanId).Select(span => span.DisplayName).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(transact.ParentSpanId, Is.EqualTo(parent.SpanId));
            Assert.That(transact.GetTagItem("db.system.name"), Is.EqualTo("redis"));
            Assert.That(transact.GetTagItem("db.operation.name"), Is.EqualTo("TRANSACT"));
            Assert.That(transact.GetTagItem("multiplex.transaction.attempts"), Is.EqualTo(2));
            Assert.That(transact.Status, Is.EqualTo(ActivityStatusCode.Unset));
            Assert.That(children.Count(name => name == "GET"), Is.EqualTo(2), "each attempt's read is a child of the TRANSACT span");
            Assert.That(children, Does.Contain("SET"), "so is what the body ran on the client");
        });
    }

    [Test]
    public async Task TransactAsync_that_gives_up_ends_its_span_with_the_error()
    {
        await using var client = await ConnectAsync();
        var key = TestClients.Key("transact-conflict");
        using var parent = TestSource.StartActivity("test")!;

        Assert.ThrowsAsync<WatchException>(async () => await client.TransactAsync([key], async (tx, ct) =>
        {
            await client.IncrAsync(key, ct); // every attempt conflicts
            _ = tx.Transaction.IncrAsync(key, ct);
        }, new TransactionOptions { MaxAttempts = 2 }));

        var transact = SpansOf(parent).Single(span => span.DisplayName == "TRANSACT");
        Assert.Multiple(() =>
        {
            Assert.That(transact.Status, Is.EqualTo(ActivityStatusCode.Error));
            Assert.That(transact.GetTagItem("error.type"), Is.EqualTo(typeof(WatchException).FullName));
            Assert.That(transact.GetTagItem("multiplex.transaction.attempts"), Is.EqualTo(2));
        });
    }

    [Test]
    public async Task Query_text_with_placeholders_shows_the_commands_shape_and_no_key_or_value()
    {
        await using var client = await ConnectAsync(options => options with { QueryTextCapture = QueryTextCapture.Placeholders });
        var key = TestClients.Key("secret-key");
        using var parent = TestSource.StartActivity("test")!;

        await client.SetAsync(key, "secret-value", expiry: TimeSpan.FromMinutes(1));
        await client.ExecuteAsync("CLIENT", ["GETNAME"]);

        var spans = SpansOf(parent);
        var set = (string?)spans.Single(span => span.DisplayName == "SET").GetTagItem("db.query.text");
        Assert.That(set, Is.EqualTo("SET ? ? ? ?"), "keywords (PX) are arguments too");
        Assert.That(set, Does.Not.Contain("secret"));
        Assert.That(spans.Select(span => span.GetTagItem("db.query.text")), Does.Contain("CLIENT GETNAME"));
    }

    [Test]
    public async Task Full_query_text_shows_keys_and_values_when_asked_for()
    {
        await using var client = await ConnectAsync(options => options with { QueryTextCapture = QueryTextCapture.Full });
        var key = $"full:{Guid.NewGuid():N}"; // shorter than the 64 characters an argument is cut at
        using var parent = TestSource.StartActivity("test")!;

        await client.SetAsync(key, "hello world");

        var text = (string?)SpansOf(parent).Single().GetTagItem("db.query.text");
        Assert.That(text, Is.EqualTo($"SET {key} \"hello world\""));
    }

    [Test]
    public async Task A_command_started_before_a_listener_was_attached_has_no_span()
    {
        _provider!.Dispose();
        await using var client = await ConnectAsync();
        var key = TestClients.Key("unheard");
        await client.GetAsync(key);
        Assert.That(new ActivitySource(MultiplexTelemetry.ActivitySourceName).HasListeners(), Is.False, "nothing else listens during this test");

        await Server.CliAsync("CLIENT", "PAUSE", "300", "WRITE");
        var pending = client.SetAsync(key, "v"); // called while nothing listens
        StartTracing();
        using var parent = TestSource.StartActivity("test")!;
        await pending;
        await client.GetAsync(key); // called while the listener is attached

        Assert.That(_exported.Where(span => span.Source.Name == MultiplexTelemetry.ActivitySourceName).Select(span => span.DisplayName), Is.EqualTo(new[] { "GET" }));
    }

    private Task<RedisClient> ConnectAsync(Func<RedisClientOptions, RedisClientOptions>? configure = null)
    {
        var options = TestClients.OptionsFor(Server.Port) with { AllowAdminCommands = true };
        return RedisClient.ConnectAsync(configure is null ? options : configure(options), TestClients.Logs);
    }

    /// <summary>Pings until a reply comes within the command timeout (a pause has ended, and every earlier reply was read).</summary>
    private static async Task PingUntilAnsweredAsync(RedisClient client)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await client.PingAsync();
                return;
            }
            catch (RedisTimeoutException) when (attempt < 100)
            {
            }
        }
    }

    private List<Activity> SpansOf(Activity parent) =>
        [.. _exported.Where(span => span.Source.Name == MultiplexTelemetry.ActivitySourceName && span.TraceId == parent.TraceId)];
}
