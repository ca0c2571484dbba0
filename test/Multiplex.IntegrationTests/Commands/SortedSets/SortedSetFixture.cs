using Multiplex.IntegrationTests.Support;

namespace Multiplex.IntegrationTests.Commands.SortedSets;

/// <summary>A client per protocol, and a helper that fills a sorted set.</summary>
public abstract class SortedSetFixture(ServerKind kind) : ClientFixture(kind)
{
    /// <summary>A new key holding a=1, b=2, c=3, d=4.</summary>
    protected async Task<string> AbcdAsync(string name = "z")
    {
        var key = TestClients.Key(name);
        await Client.ZAddAsync(key, [new("a", 1), new("b", 2), new("c", 3), new("d", 4)]);
        return key;
    }

    protected static string?[] Text(RedisValue[] values) => [.. values.Select(v => (string?)v)];

    protected static (string?, double)[] Pairs(SortedSetEntry[] entries) => [.. entries.Select(e => ((string?)e.Member, e.Score))];
}
