using System.Collections.Concurrent;
using System.Globalization;
using Multiplex.IntegrationTests.Support;

namespace Multiplex.IntegrationTests.Client;

/// <summary>
/// With several connections per node, commands on one key always take the same connection, so one
/// caller's <c>SET k</c> then <c>GET k</c>, issued without waiting in between, reach the server in that
/// order and the GET reads what the SET wrote; typed methods, <see cref="RedisCommands.ExecuteAsync"/> and
/// batches agree on which connection a key uses.
/// </summary>
[TestFixtureSource(typeof(ProtocolKinds), nameof(ProtocolKinds.Both))]
public sealed class KeyOrderingTests(ServerKind kind) : ClientFixture(kind)
{
    private const int Callers = 50;
    private const int Rounds = 400;

    public static IEnumerable<string> Writers() => ["SetAsync", "ExecuteAsync SET", "a batch with SET"];

    [TestCaseSource(nameof(Writers))]
    public async Task A_read_issued_right_after_a_write_of_the_same_key_sees_it(string writer)
    {
        await using var client = await TestClients.ConnectAsync(Kind, options => options with { ConnectionsPerNode = 4 });
        var prefix = TestClients.Key("order");
        var stale = new ConcurrentBag<string>();
        await Task.WhenAll(Enumerable.Range(0, Callers).Select(caller => Task.Run(async () =>
        {
            var key = $"{prefix}:{caller}";
            for (var round = 0; round < Rounds; round++)
            {
                var value = round.ToString(CultureInfo.InvariantCulture);
                Task write;
                switch (writer)
                {
                    case "SetAsync":
                        write = client.SetAsync(key, value).AsTask();
                        break;
                    case "ExecuteAsync SET":
                        write = client.ExecuteAsync("SET", [key, value]).AsTask();
                        break;
                    default:
                        var batch = client.CreateBatch();
                        _ = batch.Commands.SetAsync(key, value);
                        write = batch.ExecuteAsync();
                        break;
                }

                var read = client.GetAsync(key); // not awaiting the write first
                await write;
                var seen = (string?)await read;
                if (seen != value)
                {
                    stale.Add($"caller {caller} round {round}: read {seen ?? "nil"} after writing {value}");
                }
            }
        })));

        TestContext.Out.WriteLine($"{Callers * Rounds} write-then-read pairs over 4 connections: {stale.Count} stale reads");
        Assert.That(stale, Is.Empty, () => string.Join('\n', stale.Take(10)));
    }
}
