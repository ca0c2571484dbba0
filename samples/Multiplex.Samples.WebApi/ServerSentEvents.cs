using System.Text;

namespace Multiplex.Samples.WebApi;

/// <summary><c>GET /events/{channel}</c>: a pub/sub subscription streamed as <c>text/event-stream</c>.</summary>
internal static class ServerSentEvents
{
    public static async Task StreamAsync(string channel, RedisClient redis, HttpContext context, CancellationToken cancellationToken)
    {
        // The subscription is confirmed by the server before the response starts, so a client that
        // has seen the response headers receives everything published from then on.
        await using var subscription = await redis.SubscribeAsync(SampleSettings.EventChannel(channel), cancellationToken);
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        await context.Response.WriteAsync(": subscribed\n\n", cancellationToken);
        await context.Response.Body.FlushAsync(cancellationToken);

        // After a reconnect the client resubscribes by itself, but messages published meanwhile were
        // missed: a "gap" event tells the browser to reload what it shows.
        var restoredAt = subscription.LastRestoredAt;
        try
        {
            await foreach (var message in subscription.WithCancellation(cancellationToken))
            {
                if (subscription.LastRestoredAt != restoredAt)
                {
                    restoredAt = subscription.LastRestoredAt;
                    await context.Response.WriteAsync($"event: gap\ndata: {restoredAt:O}\n\n", cancellationToken);
                }

                await context.Response.WriteAsync($"event: message\n{Data(message.Payload)}\n", cancellationToken);
                await context.Response.Body.FlushAsync(cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The browser went away: disposing the subscription unsubscribes.
        }
    }

    /// <summary>One <c>data:</c> line per line of the payload, as the SSE format requires.</summary>
    private static string Data(RedisValue payload)
    {
        var text = new StringBuilder();
        foreach (var line in ((string?)payload ?? string.Empty).Split('\n'))
        {
            text.Append("data: ").Append(line.TrimEnd('\r')).Append('\n');
        }

        return text.ToString();
    }
}
