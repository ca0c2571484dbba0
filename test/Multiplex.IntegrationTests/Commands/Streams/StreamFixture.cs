using Multiplex.IntegrationTests.Support;

namespace Multiplex.IntegrationTests.Commands.Streams;

/// <summary>A client per protocol, and a helper that fills a stream with explicit IDs.</summary>
public abstract class StreamFixture(ServerKind kind) : ClientFixture(kind)
{
    /// <summary>A new stream with entries 1-0 … n-0, each with field <c>n</c> = its number.</summary>
    protected async Task<string> StreamAsync(int count = 3, string name = "s")
    {
        var key = TestClients.Key(name);
        for (var i = 1; i <= count; i++)
        {
            await Client.XAddAsync(key, [new("n", i)], id: $"{i}-0");
        }

        return key;
    }

    protected static string[] Ids(IEnumerable<StreamEntry> entries) => [.. entries.Select(e => e.Id)];
}
