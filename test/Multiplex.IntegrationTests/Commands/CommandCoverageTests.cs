using System.Globalization;
using System.Reflection;
using Multiplex.Commands;
using Multiplex.IntegrationTests.Support;

namespace Multiplex.IntegrationTests.Commands;

/// <summary>
/// How many of the server's top-level commands have a typed method on a command surface. A
/// method counts for the command its <see cref="RedisCommandAttribute"/> names, or else the command its
/// name spells (<c>HSetAsync</c> → HSET, <c>GeoRadiusRoAsync</c> → GEORADIUS_RO, <c>RestoreAskingAsync</c> → RESTORE-ASKING, <c>XInfoStreamAsync</c>
/// → XINFO, because STREAM is a subcommand of XINFO). A container command (CLIENT, CONFIG, XINFO, …) is
/// covered when at least one of its subcommands has a method.
/// </summary>
[Category("Coverage")]
public sealed class CommandCoverageTests
{
    /// <summary>The coverage below which the test fails, in percent.</summary>
    private const double RequiredPercent = 95;

    /// <summary>Commands that are not expected to have a typed method on the shared client, by reason.</summary>
    private static readonly (string Reason, string[] Commands)[] Exclusions =
    [
        ("pub/sub: unsubscribing is disposing the subscription stream, which sends these itself",
            ["UNSUBSCRIBE", "PUNSUBSCRIBE", "SUNSUBSCRIBE"]),
        ("transactions: sent by RedisTransaction and RedisClient.TransactAsync (MULTI/EXEC on the shared connection, WATCH on a dedicated one), not by typed methods",
            ["MULTI", "EXEC", "DISCARD", "WATCH", "UNWATCH"]),
        ("cluster: the cluster topology provider sends these itself (RESTORE-ASKING is sent by redis-cli while it migrates slots)",
            ["CLUSTER", "READONLY", "READWRITE", "ASKING", "RESTORE-ASKING"]),
        ("sentinel: the sentinel topology provider sends it itself", ["SENTINEL"]),
        ("replication internals: spoken between servers, not by applications",
            ["SYNC", "PSYNC", "REPLCONF", "REPLICAOF", "SLAVEOF"]),
        ("connection handshake: the client sends these itself on every (re)connect",
            ["HELLO", "AUTH", "SELECT", "QUIT", "RESET"]),
    ];

    [Test]
    public async Task Typed_methods_cover_the_servers_commands()
    {
        await using var client = await TestClients.ConnectAsync(ServerKind.RedisResp3);
        var names = await client.CommandListAsync();
        var subcommands = names.Where(n => n.Contains('|', StringComparison.Ordinal))
            .Select(n => n.Split('|'))
            .ToLookup(parts => parts[0].ToUpperInvariant(), parts => Normalize(parts[1]));
        var excluded = Exclusions.SelectMany(group => group.Commands).ToHashSet(StringComparer.Ordinal);
        var counted = names.Where(n => !n.Contains('|', StringComparison.Ordinal))
            .Select(n => n.ToUpperInvariant())
            .Where(n => !excluded.Contains(n))
            .Order(StringComparer.Ordinal)
            .ToArray();
        var countedSet = counted.ToHashSet(StringComparer.Ordinal);

        var covered = CoveredCommands(countedSet, subcommands);
        var uncovered = counted.Where(n => !covered.Contains(n)).ToArray();
        var percent = 100.0 * (counted.Length - uncovered.Length) / counted.Length;

        foreach (var (reason, commands) in Exclusions)
        {
            TestContext.Out.WriteLine($"excluded ({reason}): {string.Join(' ', commands)}");
        }

        TestContext.Out.WriteLine($"uncovered ({uncovered.Length}): {string.Join(' ', uncovered)}");
        TestContext.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"command coverage: {counted.Length - uncovered.Length}/{counted.Length} ({percent:0.0}%)"));
        Assert.That(percent, Is.GreaterThanOrEqualTo(RequiredPercent), $"uncovered: {string.Join(' ', uncovered)}");
    }

    [Test]
    public async Task Every_command_attribute_names_a_command_or_subcommand_the_server_knows()
    {
        // Newer than the redis-server the tests run (7.0): documented, checked by hand.
        var newerThanTestServer = new HashSet<string>(StringComparer.Ordinal) { "CLIENT NO-TOUCH" };
        await using var client = await TestClients.ConnectAsync(ServerKind.RedisResp3);
        var known = (await client.CommandListAsync()).Select(n => n.Replace('|', ' ').ToUpperInvariant()).ToHashSet(StringComparer.Ordinal);

        var named = ClientMethods()
            .SelectMany(m => m.GetCustomAttributes<RedisCommandAttribute>())
            .Select(a => a.Subcommand is null ? a.Command : $"{a.Command} {a.Subcommand}")
            .Distinct()
            .ToArray();

        Assert.That(named, Is.Not.Empty);
        Assert.That(named.Where(n => !known.Contains(n) && !newerThanTestServer.Contains(n)), Is.Empty);
    }

    private static HashSet<string> CoveredCommands(HashSet<string> commands, ILookup<string, string> subcommands)
    {
        var covered = new HashSet<string>(StringComparer.Ordinal);
        foreach (var method in ClientMethods())
        {
            var attributes = method.GetCustomAttributes<RedisCommandAttribute>().ToArray();
            if (attributes.Length > 0)
            {
                covered.UnionWith(attributes.Select(a => a.Command.ToUpperInvariant()));
                continue;
            }

            if (CommandByName(method.Name, commands, subcommands) is { } command)
            {
                covered.Add(command);
            }
        }

        return covered;
    }

    /// <summary>
    /// The command a method name spells, ignoring <c>-</c> and <c>_</c> (so <c>SortRoAsync</c> is SORT_RO),
    /// or a container command followed by one of its subcommands.
    /// </summary>
    private static string? CommandByName(string methodName, HashSet<string> commands, ILookup<string, string> subcommands)
    {
        var name = Normalize(methodName.EndsWith("Async", StringComparison.Ordinal) ? methodName[..^"Async".Length] : methodName);
        var whole = commands.FirstOrDefault(command => Normalize(command) == name);
        if (whole is not null)
        {
            return whole;
        }

        return subcommands.Select(group => group.Key)
            .FirstOrDefault(container => name.StartsWith(container, StringComparison.Ordinal)
                && commands.Contains(container)
                && subcommands[container].Contains(name[container.Length..]));
    }

    private static string Normalize(string subcommand) =>
        subcommand.Replace("-", string.Empty, StringComparison.Ordinal).Replace("_", string.Empty, StringComparison.Ordinal).ToUpperInvariant();

    /// <summary>The typed command methods of every command surface (the client, its base classes and the session's).</summary>
    private static IEnumerable<MethodInfo> ClientMethods() =>
        new[] { typeof(RedisCommands), typeof(RedisInteractiveCommands), typeof(RedisClient), typeof(RedisSessionCommands) }
            .SelectMany(type => type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly));
}
