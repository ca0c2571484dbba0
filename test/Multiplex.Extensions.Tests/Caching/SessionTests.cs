using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Multiplex.Extensions.Tests.Support;
using Multiplex.Testing;

namespace Multiplex.Extensions.Tests.Caching;

/// <summary>
/// ASP.NET Core session stored through the Multiplex <c>IDistributedCache</c>: it works with the
/// asynchronous members only, as the README says, once the application loads the session with
/// <c>LoadAsync</c>.
/// </summary>
public sealed class SessionTests : ServerTestBase
{
    [Test]
    public async Task A_session_value_set_in_one_request_is_read_in_the_next_and_stored_in_redis()
    {
        var prefix = $"ext-session:{Guid.NewGuid():N}:";
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Services.AddMultiplex(await Servers.StandaloneEndpointAsync());
        builder.Services.AddMultiplexDistributedCache(options => options.KeyPrefix = prefix);
        builder.Services.AddSession(options => options.IdleTimeout = TimeSpan.FromMinutes(5));
        await using var app = builder.Build();
        app.UseSession();
        app.MapPost("/visit", async (HttpContext context) =>
        {
            await context.Session.LoadAsync(context.RequestAborted);
            var visits = (context.Session.GetInt32("visits") ?? 0) + 1;
            context.Session.SetInt32("visits", visits);
            return visits;
        });
        await app.StartAsync();
        using var http = app.GetTestClient();

        using var first = await http.PostAsync("/visit", content: null);
        var cookie = first.Headers.GetValues("Set-Cookie").Single().Split(';')[0];
        using var again = new HttpRequestMessage(HttpMethod.Post, "/visit");
        again.Headers.Add("Cookie", cookie);
        using var second = await http.SendAsync(again);

        Assert.That((first.StatusCode, second.StatusCode), Is.EqualTo((HttpStatusCode.OK, HttpStatusCode.OK)));
        Assert.That(await first.Content.ReadAsStringAsync(), Is.EqualTo("1"));
        Assert.That(await second.Content.ReadAsStringAsync(), Is.EqualTo("2"), "the second request saw the first one's session");

        // The session lives in Redis under the cache's prefix, with the session's sliding expiry.
        var client = app.Services.GetRequiredService<RedisClient>();
        var keys = new List<RedisKey>();
        await foreach (var key in client.ScanAsync(prefix + "*"))
        {
            keys.Add(key);
        }

        Assert.That(keys, Has.Count.EqualTo(1));
        Assert.That(await client.PTtlAsync(keys[0]), Is.InRange(1L, (long)TimeSpan.FromMinutes(5).TotalMilliseconds));
        await app.StopAsync();
    }
}
