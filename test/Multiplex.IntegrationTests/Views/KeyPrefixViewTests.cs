using Multiplex.IntegrationTests.PubSub;
using Multiplex.IntegrationTests.Support;

namespace Multiplex.IntegrationTests.Views;

/// <summary>
/// A key-prefix view against a real server: what it writes lands on the prefixed keys (read back by the
/// client itself, without a prefix), what it reads and lists is its own, and tenants stay apart.
/// </summary>
[TestFixtureSource(typeof(ProtocolKinds), nameof(ProtocolKinds.Both))]
public sealed class KeyPrefixViewTests(ServerKind kind) : ClientFixture(kind)
{
    [Test]
    public async Task Single_and_multi_key_commands_land_on_prefixed_keys()
    {
        var prefix = TestClients.Key("tenant") + ":";
        var view = Client.WithKeyPrefix(prefix);

        await view.SetAsync("a", "1");
        await view.MSetAsync([new("b", "2"), new("c", "3")]);
        Assert.That((await view.MGetAsync(["a", "b", "c", "missing"])).Select(value => (string?)value), Is.EqualTo(new[] { "1", "2", "3", null }));
        await view.RenameAsync("c", "d");
        Assert.That(await view.CopyAsync("d", "e"), Is.True);
        await view.SAddAsync("s1", ["x", "y"]);
        await view.SAddAsync("s2", ["y", "z"]);
        Assert.That(await view.SInterStoreAsync("s3", ["s1", "s2"]), Is.EqualTo(1));
        Assert.That(await view.SMoveAsync("s1", "s4", "x"), Is.True);
        await view.RPushAsync("l1", ["p", "q"]);
        Assert.That((string?)await view.LMoveAsync("l1", "l2", ListSide.Left, ListSide.Right), Is.EqualTo("p"));
        await view.ZAddAsync("z1", "m", 1);
        Assert.That(await view.ZUnionStoreAsync("z2", ["z1", "z1"]), Is.EqualTo(1));

        Assert.That((string?)await Client.GetAsync(prefix + "a"), Is.EqualTo("1"));
        Assert.That((string?)await Client.GetAsync(prefix + "b"), Is.EqualTo("2"));
        Assert.That(await Client.ExistsAsync([prefix + "c", "c", "d", "e"]), Is.Zero, "nothing lands on unprefixed keys, nor stays on the renamed one");
        Assert.That((string?)await Client.GetAsync(prefix + "e"), Is.EqualTo("3"));
        Assert.That(await Client.SMembersAsync(prefix + "s3"), Is.EqualTo(new RedisValue[] { "y" }));
        Assert.That(await Client.SMembersAsync(prefix + "s4"), Is.EqualTo(new RedisValue[] { "x" }));
        Assert.That(await Client.LRangeAsync(prefix + "l2"), Is.EqualTo(new RedisValue[] { "p" }));
        Assert.That(await Client.ExistsAsync(prefix + "z2"), Is.True);
    }

    [Test]
    public async Task Scripts_get_their_keys_prefixed_and_their_arguments_as_given()
    {
        var prefix = TestClients.Key("tenant") + ":";
        var view = Client.WithKeyPrefix(prefix);

        await view.EvalAsync("redis.call('SET', KEYS[1], ARGV[1]); return KEYS[1]", ["eval"], ["raw-arg"]);
        var cached = new LuaScript("return redis.call('SET', KEYS[1], ARGV[1])");
        await view.EvalAsync(cached, ["sha"], ["v"]);
        await view.EvalAsync(cached, ["sha"], ["v2"]);
        var prepared = LuaScript.Prepare("return redis.call('SET', @key, @value)");
        await prepared.EvaluateAsync(view, new { key = (RedisKey)"prepared", value = "p" });

        Assert.That((string?)await Client.GetAsync(prefix + "eval"), Is.EqualTo("raw-arg"));
        Assert.That((string?)await Client.GetAsync(prefix + "sha"), Is.EqualTo("v2"));
        Assert.That((string?)await Client.GetAsync(prefix + "prepared"), Is.EqualTo("p"));
        Assert.That(await Client.ExistsAsync(["eval", "sha", "prepared"]), Is.Zero);
    }

    [Test]
    public async Task Functions_get_their_keys_prefixed()
    {
        var prefix = TestClients.Key("tenant") + ":";
        var library = "lib" + Guid.NewGuid().ToString("N");
        await Client.FunctionLoadAsync($"#!lua name={library}\nredis.register_function('{library}_set', function(keys, args) return redis.call('SET', keys[1], args[1]) end)");

        await Client.WithKeyPrefix(prefix).FCallAsync($"{library}_set", ["f"], ["fv"]);

        Assert.That((string?)await Client.GetAsync(prefix + "f"), Is.EqualTo("fv"));
    }

    [Test]
    public async Task Scan_and_keys_see_only_the_tenant_s_keys_and_return_them_without_the_prefix()
    {
        var tenant = TestClients.Key("tenant");
        var view = Client.WithKeyPrefix(tenant + ":");
        await Client.SetAsync(tenant + ":user:1", "a");
        await Client.SetAsync(tenant + ":user:2", "b");
        await Client.SetAsync(tenant + ":order:1", "c");
        await Client.SetAsync(tenant + "-other:user:1", "not the tenant's");

        var all = new List<string>();
        await foreach (var key in view.ScanAsync(pageSize: 1000))
        {
            all.Add(key.ToString());
        }

        var users = new List<string>();
        await foreach (var key in view.ScanAsync("user:*", pageSize: 1000))
        {
            users.Add(key.ToString());
        }

        Assert.That(all, Is.EquivalentTo(new[] { "user:1", "user:2", "order:1" }));
        Assert.That(users, Is.EquivalentTo(new[] { "user:1", "user:2" }));
        Assert.That((await view.KeysAsync("*")).Select(key => key.ToString()), Is.EquivalentTo(new[] { "user:1", "user:2", "order:1" }));
    }

    [Test]
    public async Task Glob_characters_in_the_prefix_match_only_themselves()
    {
        var tenant = TestClients.Key("tenant");
        await Client.SetAsync(tenant + ":[a]:k", "bracket");
        await Client.SetAsync(tenant + ":a:k", "letter");

        var keys = await Client.WithKeyPrefix(tenant + ":[a]:").KeysAsync("*");

        Assert.That(keys.Select(key => key.ToString()), Is.EqualTo(new[] { "k" }));
    }

    [Test]
    public async Task Two_tenants_with_the_same_key_names_never_see_each_other()
    {
        var name = TestClients.Key("shared-name");
        var first = Client.WithKeyPrefix(TestClients.Key("first") + ":");
        var second = Client.WithKeyPrefix(TestClients.Key("second") + ":");

        await first.SetAsync(name, "first");
        await second.SetAsync(name, "second");
        Assert.That(await first.IncrAsync(name + ":n"), Is.EqualTo(1));
        Assert.That(await second.IncrAsync(name + ":n"), Is.EqualTo(1));
        Assert.That(await first.DelAsync(name), Is.True);

        Assert.That((string?)await first.GetAsync(name), Is.Null);
        Assert.That((string?)await second.GetAsync(name), Is.EqualTo("second"));
        Assert.That((await second.KeysAsync("*")).Select(key => key.ToString()), Is.EquivalentTo(new[] { name, name + ":n" }));
    }

    [Test]
    public async Task Views_nest_with_the_outer_prefix_first()
    {
        var app = TestClients.Key("app") + ":";
        var view = Client.WithKeyPrefix(app).WithKeyPrefix("tenant:");
        await view.SetAsync("k", "v");
        Assert.That((string?)await Client.GetAsync(app + "tenant:k"), Is.EqualTo("v"));
        Assert.That(view.KeyPrefix.ToString(), Is.EqualTo(app + "tenant:"));
    }

    [Test]
    public async Task Batches_and_transactions_with_conditions_run_on_prefixed_keys()
    {
        var prefix = TestClients.Key("tenant") + ":";
        var view = Client.WithKeyPrefix(prefix);

        var batch = view.CreateBatch();
        var set = batch.Commands.SetAsync("batched", "b");
        var incr = batch.Commands.IncrAsync("counter");
        await batch.ExecuteAsync();
        Assert.That(await set, Is.True);
        Assert.That(await incr, Is.EqualTo(1));

        await Client.SetAsync("guard", "outside the tenant"); // a key of the same name outside the prefix
        var transaction = view.CreateTransaction();
        transaction.AddCondition(Condition.KeyNotExists("guard"));
        transaction.AddCondition(Condition.StringEqual("batched", "b"));
        var written = transaction.Commands.SetAsync("guard", "inside");
        Assert.That(await transaction.ExecuteAsync(), Is.True, "the conditions read the tenant's keys");
        Assert.That(await written, Is.True);

        var refused = view.CreateTransaction();
        refused.AddCondition(Condition.KeyNotExists("guard"));
        _ = refused.Commands.SetAsync("never", "x");
        Assert.That(await refused.ExecuteAsync(), Is.False);

        Assert.That((string?)await Client.GetAsync(prefix + "batched"), Is.EqualTo("b"));
        Assert.That((string?)await Client.GetAsync(prefix + "guard"), Is.EqualTo("inside"));
        Assert.That((string?)await Client.GetAsync("guard"), Is.EqualTo("outside the tenant"));
        Assert.That(await Client.ExistsAsync(prefix + "never"), Is.False);
    }

    [Test]
    public async Task An_optimistic_transaction_watches_and_writes_the_tenant_s_keys()
    {
        var prefix = TestClients.Key("tenant") + ":";
        var view = Client.WithKeyPrefix(prefix);
        await view.SetAsync("counter", "41");

        ValueTask<bool> written = default;
        var attempts = await view.TransactAsync(["counter"], async (tx, ct) =>
        {
            var current = (long)await tx.Client.GetAsync("counter", ct);
            written = tx.Transaction.SetAsync("counter", current + 1, cancellationToken: ct);
        });

        Assert.That(attempts, Is.EqualTo(1));
        Assert.That(await written, Is.True);
        Assert.That((string?)await Client.GetAsync(prefix + "counter"), Is.EqualTo("42"));
        Assert.That(await Client.ExistsAsync("counter"), Is.False);
    }

    [Test]
    public async Task Blocking_pops_and_stream_reads_name_keys_without_the_prefix()
    {
        var prefix = TestClients.Key("tenant") + ":";
        var view = Client.WithKeyPrefix(prefix);
        await Client.RPushAsync(prefix + "queue", ["job"]);
        await Client.XAddAsync(prefix + "events", [new StreamField("f", "v")]);

        var popped = await view.BLPopAsync(["empty", "queue"], TimeSpan.FromSeconds(5));
        var read = await view.XReadAsync([new StreamPosition("events", "0")], TimeSpan.FromSeconds(5));
        var moved = view.BLMoveAsync("source", "destination", ListSide.Left, ListSide.Left, TimeSpan.FromSeconds(10));
        await Client.RPushAsync(prefix + "source", ["later"]);

        Assert.That(popped!.Value.Key.ToString(), Is.EqualTo("queue"));
        Assert.That((string?)popped.Value.Value, Is.EqualTo("job"));
        Assert.That(read.Select(result => result.Key.ToString()), Is.EqualTo(new[] { "events" }));
        Assert.That((string?)await moved, Is.EqualTo("later"));
        Assert.That(await Client.LRangeAsync(prefix + "destination"), Is.EqualTo(new RedisValue[] { "later" }));
    }

    [Test]
    public async Task A_dedicated_session_made_from_a_view_prefixes_its_commands()
    {
        var prefix = TestClients.Key("tenant") + ":";
        await using (var session = await Client.WithKeyPrefix(prefix).LeaseDedicatedSessionAsync("k"))
        {
            await session.Commands.SetAsync("k", "session");
        }

        Assert.That((string?)await Client.GetAsync(prefix + "k"), Is.EqualTo("session"));
    }

    [Test]
    public async Task Sort_looks_up_its_by_and_get_patterns_under_the_prefix()
    {
        var prefix = TestClients.Key("tenant") + ":";
        var view = Client.WithKeyPrefix(prefix);
        await view.RPushAsync("ids", ["1", "2"]);
        await view.MSetAsync([new("weight_1", "20"), new("weight_2", "10"), new("name_1", "one"), new("name_2", "two")]);

        var sorted = await view.SortAsync("ids", new SortOptions { By = "weight_*", Get = ["name_*", "#"] });

        Assert.That(sorted.Select(value => (string?)value), Is.EqualTo(new[] { "two", "2", "one", "1" }));
    }

    [Test]
    public async Task Locks_taken_through_views_are_the_tenant_s_own()
    {
        var name = TestClients.Key("lock");
        var firstPrefix = TestClients.Key("first") + ":";
        var first = Client.WithKeyPrefix(firstPrefix);
        var second = Client.WithKeyPrefix(TestClients.Key("second") + ":");

        await using var held = await first.AcquireLockAsync(name);
        Assert.That(held.Name.ToString(), Is.EqualTo(name));
        Assert.That(await Client.ExistsAsync(firstPrefix + name), Is.True, "the lock's key is under the prefix");
        Assert.That(await first.IsLockedAsync(name), Is.True);
        Assert.That(await first.TryAcquireLockAsync(name), Is.Null);
        Assert.That(await second.IsLockedAsync(name), Is.False);
        await using var other = await second.TryAcquireLockAsync(name);
        Assert.That(other, Is.Not.Null, "another tenant's lock of the same name is another lock");

        var waiter = first.AcquireLockAsync(name, new LockOptions { RetryInterval = TimeSpan.FromSeconds(30), WaitTime = TimeSpan.FromSeconds(20) });
        await held.ReleaseAsync();
        await using var next = await waiter;
        Assert.That(next.FencingToken, Is.GreaterThan(held.FencingToken), "woken by the release announced on the tenant's channel");
    }

    [Test]
    public async Task Channels_keep_their_names_unless_the_view_prefixes_them()
    {
        var prefix = TestClients.Key("tenant") + ":";
        var channels = Client.WithKeyPrefix(prefix, new KeyPrefixOptions { PrefixChannels = true });
        await using var prefixed = await channels.SubscribeAsync("news");
        await using var pattern = await channels.PSubscribeAsync("sport.*");
        await using var plain = await Client.WithKeyPrefix(prefix).SubscribeAsync(prefix + "plain");

        Assert.That(prefixed.Names, Is.EqualTo(new RedisValue[] { "news" }));
        await Client.PublishAsync("news", "not the tenant's");
        Assert.That(await Client.PublishAsync(prefix + "news", "first"), Is.EqualTo(1));
        Assert.That(await channels.PublishAsync("news", "second"), Is.EqualTo(1));
        Assert.That(await channels.PublishAsync("sport.tennis", "third"), Is.EqualTo(1));
        Assert.That(await Client.WithKeyPrefix(prefix).PublishAsync(prefix + "plain", "fourth"), Is.EqualTo(1));

        var news = await SubscriptionReading.ReadAsync(prefixed, 2);
        var sport = await SubscriptionReading.ReadAsync(pattern, 1);
        var unprefixed = await SubscriptionReading.ReadAsync(plain, 1);
        Assert.That(news.Select(message => ((string?)message.Channel, (string?)message.Payload)), Is.EqualTo(new[] { ("news", "first"), ("news", "second") }));
        Assert.That(((string?)sport[0].Channel, (string?)sport[0].Pattern), Is.EqualTo(("sport.tennis", "sport.*")));
        Assert.That((string?)unprefixed[0].Channel, Is.EqualTo(prefix + "plain"));
        Assert.That(await channels.PubSubNumSubAsync(["news"]), Is.EqualTo(new Dictionary<RedisValue, long> { ["news"] = 1 }));
    }

    [Test]
    public void Commands_that_reach_keys_they_are_not_given_are_refused_and_name_the_command()
    {
        var view = Client.WithKeyPrefix(TestClients.Key("tenant") + ":");

        var random = Assert.ThrowsAsync<NotSupportedException>(async () => await view.RandomKeyAsync());
        var size = Assert.ThrowsAsync<NotSupportedException>(async () => await view.DbSizeAsync());
        var unknown = Assert.ThrowsAsync<NotSupportedException>(async () => await view.ExecuteAsync("JSON.GET", ["document", "$"]));

        Assert.That(random!.Message, Does.StartWith("RANDOMKEY cannot run through a key-prefix view"));
        Assert.That(size!.Message, Does.StartWith("DBSIZE cannot run through a key-prefix view"));
        Assert.That(unknown!.Message, Does.StartWith("JSON.GET cannot run through a key-prefix view"));
    }

    [Test]
    public async Task Execute_prefixes_the_keys_of_a_command_it_knows()
    {
        var prefix = TestClients.Key("tenant") + ":";
        await Client.WithKeyPrefix(prefix).ExecuteAsync("SET", ["executed", "v"]);
        Assert.That((string?)await Client.GetAsync(prefix + "executed"), Is.EqualTo("v"));
    }
}
