namespace Multiplex.IntegrationTests.PubSub;

/// <summary>Bounded reads of a subscription, for assertions.</summary>
internal static class SubscriptionReading
{
    /// <summary>Reads exactly <paramref name="count"/> messages, failing the test if they do not arrive within <paramref name="limit"/>.</summary>
    public static async Task<List<RedisMessage>> ReadAsync(IAsyncEnumerable<RedisMessage> subscription, int count, TimeSpan? limit = null)
    {
        var messages = new List<RedisMessage>(count);
        using var timeout = new CancellationTokenSource(limit ?? TimeSpan.FromSeconds(30));
        try
        {
            await foreach (var message in subscription.WithCancellation(timeout.Token))
            {
                messages.Add(message);
                if (messages.Count == count)
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"Only {messages.Count} of {count} messages arrived.");
        }

        return messages;
    }

    /// <summary>Reads notifications until one matches, failing the test if none does within <paramref name="limit"/>.</summary>
    public static async Task<T> FirstAsync<T>(IAsyncEnumerable<T> stream, Func<T, bool> match, TimeSpan? limit = null)
    {
        using var timeout = new CancellationTokenSource(limit ?? TimeSpan.FromSeconds(10));
        try
        {
            await foreach (var item in stream.WithCancellation(timeout.Token))
            {
                if (match(item))
                {
                    return item;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }

        Assert.Fail("The expected item did not arrive.");
        return default!;
    }
}
