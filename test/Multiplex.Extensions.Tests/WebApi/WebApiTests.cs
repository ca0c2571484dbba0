using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Multiplex.Extensions.Tests.Support;
using Multiplex.Testing;
using Multiplex.Samples.WebApi;

namespace Multiplex.Extensions.Tests.WebApi;

/// <summary>The WebApi sample, hosted in memory, against the shared redis-server.</summary>
public sealed class WebApiTests : ServerTestBase
{
    private WebApplicationFactory<Program> _factory = null!;
    private HttpClient _http = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        var endpoint = await Servers.StandaloneEndpointAsync();
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder => builder.UseSetting("Redis:ConnectionString", endpoint));
        _http = _factory.CreateClient();
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _http.Dispose();
        await _factory.DisposeAsync();
    }

    [Test]
    public async Task Posting_to_a_counter_increments_it_and_getting_reads_it()
    {
        var name = Guid.NewGuid().ToString("N");

        var first = await PostCounterAsync(name);
        var second = await PostCounterAsync(name);
        var read = await _http.GetFromJsonAsync<CounterResponse>($"/counter/{name}");

        Assert.That(first, Is.EqualTo(new CounterResponse(name, 1)));
        Assert.That(second, Is.EqualTo(new CounterResponse(name, 2)));
        Assert.That(read, Is.EqualTo(new CounterResponse(name, 2)));
    }

    [Test]
    public async Task A_counter_never_incremented_reads_zero()
    {
        var name = Guid.NewGuid().ToString("N");

        Assert.That(await _http.GetFromJsonAsync<CounterResponse>($"/counter/{name}"), Is.EqualTo(new CounterResponse(name, 0)));
    }

    [Test]
    public async Task A_thousand_concurrent_increments_leave_the_counter_at_exactly_a_thousand()
    {
        const int Requests = 1_000;
        var name = Guid.NewGuid().ToString("N");

        var responses = await Task.WhenAll(Enumerable.Range(0, Requests).Select(_ => PostCounterAsync(name)));
        var final = await _http.GetFromJsonAsync<CounterResponse>($"/counter/{name}");

        Assert.That(final!.Value, Is.EqualTo(Requests));
        Assert.That(responses.Select(response => response!.Value).Order(), Is.EqualTo(Enumerable.Range(1, Requests).Select(i => (long)i)), "each request saw its own increment");
    }

    [Test]
    public async Task The_cached_endpoint_computes_once_then_serves_from_the_cache()
    {
        var id = Guid.NewGuid().ToString("N");

        using var first = await _http.GetAsync($"/cached/{id}");
        using var second = await _http.GetAsync($"/cached/{id}");
        var miss = await first.Content.ReadFromJsonAsync<CachedResponse>();
        var hit = await second.Content.ReadFromJsonAsync<CachedResponse>();

        Assert.That(miss!.Cache, Is.EqualTo("miss"));
        Assert.That(first.Headers.GetValues("X-Cache"), Is.EqualTo(new[] { "miss" }));
        Assert.That(hit!.Cache, Is.EqualTo("hit"));
        Assert.That(second.Headers.GetValues("X-Cache"), Is.EqualTo(new[] { "hit" }));
        Assert.That(hit.Value, Is.EqualTo(miss.Value).And.Contain(id));
    }

    [Test]
    public async Task Health_reports_healthy_with_the_redis_check_data()
    {
        await Servers.WaitUntilAsync(async () => (await _http.GetAsync("/health")).StatusCode == HttpStatusCode.OK);

        using var response = await _http.GetAsync("/health");
        var body = await response.Content.ReadAsStringAsync();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(body, Does.Contain("\"status\":\"Healthy\"").And.Contain("\"redis\"").And.Contain("latencyMs"));
    }

    [Test]
    public async Task Health_is_503_when_redis_is_unreachable_and_the_app_still_starts()
    {
        var port = Servers.ClosedPort();
        await using var factory = new WebApplicationFactory<Program>()
            .WithWebHostBuilder(builder => builder.UseSetting("Redis:ConnectionString", $"127.0.0.1:{port}"));
        using var http = factory.CreateClient();

        using var response = await http.GetAsync("/health");
        var body = await response.Content.ReadAsStringAsync();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That(body, Does.Contain("\"status\":\"Unhealthy\"").And.Contain($"127.0.0.1:{port}"));
    }

    [Test]
    public async Task The_events_endpoint_streams_messages_published_after_the_browser_connected()
    {
        var name = Guid.NewGuid().ToString("N");
        RedisValue channel = $"samples:events:{name}";
        await using var publisher = await RedisClient.ConnectAsync(await Servers.StandaloneEndpointAsync());
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        using (var response = await _http.GetAsync($"/events/{name}", HttpCompletionOption.ResponseHeadersRead, timeout.Token))
        {
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/event-stream"));
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(timeout.Token));
            Assert.That(await reader.ReadLineAsync(timeout.Token), Is.EqualTo(": subscribed"));
            Assert.That(await reader.ReadLineAsync(timeout.Token), Is.Empty);

            Assert.That(await publisher.PublishAsync(channel, "first line\nsecond line", timeout.Token), Is.EqualTo(1), "one subscriber: the request");
            await publisher.PublishAsync(channel, "again", timeout.Token);

            string?[] expected = ["event: message", "data: first line", "data: second line", "", "event: message", "data: again", ""];
            var lines = new List<string?>();
            foreach (var _ in expected)
            {
                lines.Add(await reader.ReadLineAsync(timeout.Token));
            }

            Assert.That(lines, Is.EqualTo(expected));
        }

        // The browser went away: the request's subscription is disposed, which unsubscribes.
        await Servers.WaitUntilAsync(async () => (await publisher.PubSubNumSubAsync([channel], timeout.Token))[channel] == 0);
    }

    private async Task<CounterResponse?> PostCounterAsync(string name)
    {
        using var response = await _http.PostAsync($"/counter/{name}", content: null);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<CounterResponse>();
    }
}
