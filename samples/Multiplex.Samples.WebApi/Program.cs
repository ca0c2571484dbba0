using Microsoft.Extensions.Caching.Distributed;
using Multiplex;
using Multiplex.Samples.WebApi;

var builder = WebApplication.CreateBuilder(args);

// One RedisClient for the whole app, a DI singleton. It connects in the background, so start-up does
// not wait for Redis; requests made before it is up wait for it within the command timeout.
builder.Services.AddMultiplex(services => RedisClientOptions.Parse(SampleSettings.ConnectionString(services.GetRequiredService<IConfiguration>())));
builder.Services.AddMultiplexDistributedCache(options => options.KeyPrefix = "samples:cache:");
builder.Services.AddHealthChecks().AddMultiplex();

var app = builder.Build();

// Counters: INCR is atomic on the server, so concurrent requests never lose an increment.
app.MapPost("/counter/{name}", async (string name, RedisClient redis, CancellationToken cancellationToken) =>
    Results.Ok(new CounterResponse(name, await redis.IncrAsync(SampleSettings.CounterKey(name), cancellationToken))));

app.MapGet("/counter/{name}", async (string name, RedisClient redis, CancellationToken cancellationToken) =>
{
    var value = await redis.GetAsync(SampleSettings.CounterKey(name), cancellationToken);
    return Results.Ok(new CounterResponse(name, value.IsNull ? 0 : (long)value));
});

// Cache-aside through IDistributedCache: the first request computes the value, later ones read it.
app.MapGet("/cached/{id}", async (string id, IDistributedCache cache, HttpContext context, CancellationToken cancellationToken) =>
{
    var cached = await cache.GetStringAsync(id, cancellationToken);
    var hit = cached is not null;
    if (!hit)
    {
        cached = await SlowSource.ComputeAsync(id, cancellationToken);
        await cache.SetStringAsync(id, cached, new DistributedCacheEntryOptions { SlidingExpiration = SampleSettings.CacheSliding, AbsoluteExpirationRelativeToNow = SampleSettings.CacheLifetime }, cancellationToken);
    }

    context.Response.Headers["X-Cache"] = hit ? "hit" : "miss";
    return Results.Ok(new CachedResponse(id, cached!, hit ? "hit" : "miss"));
});

// Health: connection state and PING latency (503 when Redis is unreachable).
app.MapHealthChecks("/health", new() { ResponseWriter = HealthResponse.WriteAsync });

// Server-sent events: each request holds one subscription (the server sees one SUBSCRIBE per channel,
// however many browsers listen) and streams its messages until the browser goes away.
app.MapGet("/events/{channel}", ServerSentEvents.StreamAsync);

app.Run();

/// <summary>The entry point; public so tests can start the app with <c>WebApplicationFactory&lt;Program&gt;</c>.</summary>
public partial class Program;
