using System.Reflection;

namespace Multiplex.Tests.Commands;

/// <summary>
/// Each command surface offers only what is valid on it, so misuse is a compile error rather than a
/// runtime throw: a batch or a transaction queues single commands (no subscriptions, blocking commands,
/// cursor iteration, nested batches or disposing); a dedicated session runs commands on its own
/// connection (plus WAIT and the connection-state commands that only make sense there); the shared
/// client has everything else but not the connection-state commands that would change one of its
/// shared connections.
/// </summary>
public sealed class CommandSurfaceTests
{
    // Need the whole client: they lease connections, subscribe, or create other surfaces.
    private static readonly string[] ClientOnly =
    [
        "SubscribeAsync", "PSubscribeAsync", "SSubscribeAsync", "SubscribeKeyspaceAsync", "SubscribeKeyeventAsync",
        "MonitorAsync", "CreateBatch", "CreateTransaction", "TransactAsync", "LeaseDedicatedSessionAsync",
        "BLPopAsync", "BRPopAsync", "BRPopLPushAsync", "BLMoveAsync", "BLMPopAsync", "BZPopMinAsync", "BZPopMaxAsync", "BZMPopAsync",
        "WaitForConnectionAsync", "DisposeAsync",
    ];

    // Block or change the connection that sends them: a dedicated session's own connection only.
    private static readonly string[] SessionOnly = ["WaitAsync", "WaitAofAsync", "ClientSetNameAsync", "ClientNoEvictAsync", "ClientNoTouchAsync"];

    // Need each page's reply before the next page is asked for.
    private static readonly string[] Iterating = ["ScanAsync", "HScanAsync", "SScanAsync", "ZScanAsync"];

    [Test]
    public void Batches_and_transactions_offer_single_commands_only()
    {
        Assert.That(PropertyType<RedisBatch>(nameof(RedisBatch.Commands)), Is.EqualTo(typeof(RedisCommands)));
        Assert.That(PropertyType<RedisTransaction>(nameof(RedisTransaction.Commands)), Is.EqualTo(typeof(RedisCommands)));
        Assert.That(PropertyType<RedisWatchContext>(nameof(RedisWatchContext.Transaction)), Is.EqualTo(typeof(RedisCommands)));

        var offered = MethodNames(typeof(RedisCommands));
        Assert.That(offered, Has.None.AnyOf(ClientOnly));
        Assert.That(offered, Has.None.AnyOf(SessionOnly));
        Assert.That(offered, Has.None.AnyOf(Iterating));
        Assert.That(typeof(IAsyncDisposable).IsAssignableFrom(typeof(RedisCommands)), Is.False, "a view has nothing to dispose");
        Assert.That(BlockingStreamReads(typeof(RedisCommands)), Is.Empty, "XREAD/XREADGROUP with a block time");
        Assert.That(offered, Does.Contain("GetAsync").And.Contain("XReadAsync").And.Contain("EvalAsync"), "ordinary commands are there");
    }

    [Test]
    public void A_dedicated_session_runs_commands_on_its_connection_but_cannot_lease_subscribe_or_block_other_connections()
    {
        Assert.That(PropertyType<RedisDedicatedSession>(nameof(RedisDedicatedSession.Commands)), Is.EqualTo(typeof(RedisSessionCommands)));
        var offered = MethodNames(typeof(RedisSessionCommands));
        Assert.That(offered, Has.None.AnyOf(ClientOnly));
        Assert.That(offered, Is.SupersetOf(SessionOnly));
        Assert.That(offered, Is.SupersetOf(Iterating));
        Assert.That(BlockingStreamReads(typeof(RedisSessionCommands)), Is.Empty);
    }

    [Test]
    public void A_watch_context_reads_on_its_connection_and_queues_on_its_transaction()
    {
        Assert.That(PropertyType<RedisWatchContext>(nameof(RedisWatchContext.Client)), Is.EqualTo(typeof(RedisInteractiveCommands)));
        var offered = MethodNames(typeof(RedisInteractiveCommands));
        Assert.That(offered, Has.None.AnyOf(ClientOnly));
        Assert.That(offered, Has.None.AnyOf(SessionOnly));
        Assert.That(offered, Is.SupersetOf(Iterating));
    }

    [Test]
    public void The_client_offers_everything_but_the_commands_that_would_change_one_shared_connection()
    {
        var offered = MethodNames(typeof(RedisClient));
        Assert.That(offered, Is.SupersetOf(ClientOnly));
        Assert.That(offered, Is.SupersetOf(Iterating));
        Assert.That(offered, Has.None.AnyOf(SessionOnly));
        Assert.That(BlockingStreamReads(typeof(RedisClient)), Has.Count.EqualTo(4), "XREAD and XREADGROUP, one stream and several, with a block time");
    }

    [Test]
    public void Command_surfaces_cannot_be_made_or_derived_outside_the_library()
    {
        foreach (var type in new[] { typeof(RedisCommands), typeof(RedisInteractiveCommands), typeof(RedisSessionCommands), typeof(RedisClient) })
        {
            Assert.That(type.GetConstructors(BindingFlags.Public | BindingFlags.Instance), Is.Empty, type.Name);
            Assert.That(type.GetConstructors(BindingFlags.NonPublic | BindingFlags.Instance).Where(c => c.IsFamily || c.IsFamilyOrAssembly), Is.Empty, type.Name);
        }
    }

    private static Type PropertyType<T>(string name) => typeof(T).GetProperty(name)!.PropertyType;

    private static HashSet<string> MethodNames(Type type) =>
        [.. type.GetMethods(BindingFlags.Public | BindingFlags.Instance).Select(method => method.Name)];

    private static List<MethodInfo> BlockingStreamReads(Type type) =>
        [.. type.GetMethods(BindingFlags.Public | BindingFlags.Instance)
            .Where(method => method.Name is "XReadAsync" or "XReadGroupAsync")
            .Where(method => method.GetParameters().Any(parameter => parameter.Name == "block"))];
}
