using Multiplex.IntegrationTests.Support;

namespace Multiplex.IntegrationTests.Client;

/// <summary>Many callers sharing one connection each get their own replies.</summary>
public sealed class ConcurrencyTests
{
    private const int Callers = 1000;
    private const int TotalOperations = 100_000;

    [Test]
    public async Task A_thousand_callers_each_read_back_their_own_values()
    {
        await using var client = await TestClients.ConnectAsync();
        var prefix = TestClients.Key("caller");
        var misdelivered = 0;
        var completed = 0;
        var perCaller = TotalOperations / Callers / 2; // each round is one SET and one GET

        await Task.WhenAll(Enumerable.Range(0, Callers).Select(caller => Task.Run(async () =>
        {
            var key = $"{prefix}:{caller}";
            for (var round = 0; round < perCaller; round++)
            {
                var value = $"{key}:{round}";
                await client.SetAsync(key, value);
                var read = await client.GetAsync(key);
                if ((string?)read != value)
                {
                    Interlocked.Increment(ref misdelivered);
                }

                Interlocked.Add(ref completed, 2);
            }
        })));

        Assert.That(misdelivered, Is.Zero);
        Assert.That(completed, Is.EqualTo(TotalOperations));
        Assert.That(client.ReconnectCount, Is.Zero);
    }
}
