using Multiplex.IntegrationTests.Support;

namespace Multiplex.IntegrationTests.Commands.Scripting;

[TestFixtureSource(typeof(ProtocolKinds), nameof(ProtocolKinds.Both))]
public sealed class ScriptingTests(ServerKind kind) : ClientFixture(kind)
{
    [Test]
    public async Task Eval_passes_keys_and_arguments_and_returns_the_script_reply()
    {
        var key = TestClients.Key("k");
        var result = await Client.EvalAsync(
            "redis.call('SET', KEYS[1], ARGV[1]); return {KEYS[1], redis.call('GET', KEYS[1]), 42, #ARGV}",
            [key], ["hello", "second"]);

        Assert.That(result.Count, Is.EqualTo(4));
        Assert.That((string?)result[0], Is.EqualTo(key));
        Assert.That((string?)result[1], Is.EqualTo("hello"));
        Assert.That((long)result[2], Is.EqualTo(42));
        Assert.That((long)result[3], Is.EqualTo(2));
    }

    [Test]
    public async Task Eval_without_keys_or_arguments_returns_a_scalar()
    {
        Assert.That((long)await Client.EvalAsync("return 7"), Is.EqualTo(7));
        Assert.That((await Client.EvalAsync("return nil")).IsNull, Is.True);
    }

    [Test]
    public async Task Script_load_returns_the_sha1_the_lua_script_computes_and_evalsha_runs_it()
    {
        var source = $"return ARGV[1] .. '-{Guid.NewGuid():N}'";
        var script = new LuaScript(source);

        var sha = await Client.ScriptLoadAsync(source);

        Assert.That(sha, Is.EqualTo(script.Sha1));
        Assert.That(sha, Has.Length.EqualTo(40));
        var result = await Client.EvalShaAsync(sha, null, ["x"]);
        Assert.That((string?)result, Does.StartWith("x-"));
    }

    [Test]
    public async Task Script_exists_reports_each_digest()
    {
        var sha = await Client.ScriptLoadAsync($"return '{Guid.NewGuid():N}'");
        var unknown = new LuaScript($"return '{Guid.NewGuid():N}'").Sha1;

        var flags = await Client.ScriptExistsAsync([sha, unknown]);

        Assert.That(flags, Is.EqualTo(new[] { true, false }));
    }

    [Test]
    public async Task Evalsha_of_an_unknown_digest_is_a_noscript_error()
    {
        var unknown = new LuaScript($"return '{Guid.NewGuid():N}'").Sha1;
        var error = Assert.ThrowsAsync<RedisServerException>(async () => await Client.EvalShaAsync(unknown));
        Assert.That(error!.Kind, Is.EqualTo(ServerErrorKind.NoScript));
        Assert.That(error.Command, Is.EqualTo("EVALSHA"));
    }

    [Test]
    public async Task Lua_script_loads_itself_on_first_use_and_then_runs_by_digest()
    {
        var script = new LuaScript($"return {{KEYS[1], ARGV[1], '{Guid.NewGuid():N}'}}");
        var key = TestClients.Key("k");

        var first = await script.EvaluateAsync(Client, [key], ["a"]);
        var cached = await Client.ScriptExistsAsync([script.Sha1]);
        var second = await Client.EvalAsync(script, [key], ["b"]);

        Assert.That((string?)first[0], Is.EqualTo(key));
        Assert.That((string?)first[1], Is.EqualTo("a"));
        Assert.That(cached, Is.EqualTo(new[] { true }));
        Assert.That((string?)second[1], Is.EqualTo("b"));
    }

    [Test]
    public async Task Read_only_eval_reads_and_refuses_writes()
    {
        var key = TestClients.Key("ro");
        await Client.SetAsync(key, "v");

        Assert.That((string?)await Client.EvalRoAsync("return redis.call('GET', KEYS[1])", [key]), Is.EqualTo("v"));
        var sha = await Client.ScriptLoadAsync("return redis.call('GET', KEYS[1])");
        Assert.That((string?)await Client.EvalShaRoAsync(sha, [key]), Is.EqualTo("v"));
        Assert.ThrowsAsync<RedisServerException>(async () => await Client.EvalRoAsync("return redis.call('SET', KEYS[1], 'w')", [key]));
    }

    [Test]
    public async Task A_script_error_from_a_wrong_type_keeps_its_kind_and_the_command()
    {
        var key = TestClients.Key("list");
        await Client.EvalAsync("return redis.call('RPUSH', KEYS[1], 'a')", [key]);

        var error = Assert.ThrowsAsync<RedisServerException>(async () => await Client.EvalAsync("return redis.call('INCR', KEYS[1])", [key]));

        Assert.That(error!.Kind, Is.EqualTo(ServerErrorKind.WrongType));
        Assert.That(error.Command, Is.EqualTo("EVAL"));
    }

    [Test]
    public void Argument_errors_are_thrown_before_sending()
    {
        Assert.ThrowsAsync<ArgumentException>(async () => await Client.EvalAsync(string.Empty));
        Assert.ThrowsAsync<ArgumentException>(async () => await Client.EvalAsync("return 1", [default(RedisKey)]));
        Assert.ThrowsAsync<ArgumentException>(async () => await Client.EvalAsync("return 1", null, [RedisValue.Null]));
        Assert.ThrowsAsync<ArgumentException>(async () => await Client.ScriptExistsAsync([]));
        Assert.Throws<ArgumentException>(() => _ = new LuaScript(string.Empty));
    }

    [Test]
    public void Script_flush_needs_admin_commands()
    {
        var error = Assert.ThrowsAsync<InvalidOperationException>(async () => await Client.ScriptFlushAsync());
        Assert.That(error!.Message, Does.Contain("AllowAdminCommands"));
    }

    [Test]
    public void Lua_script_sha1_is_the_known_digest_of_its_source()
    {
        // SHA1("return 1"), as redis-cli SCRIPT LOAD prints it.
        Assert.That(new LuaScript("return 1").Sha1, Is.EqualTo("e0e1f9fabfc9d4800c877a703b823ac0578ff8db"));
    }
}
