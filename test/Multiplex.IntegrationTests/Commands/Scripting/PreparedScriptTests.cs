using Multiplex.IntegrationTests.Support;

namespace Multiplex.IntegrationTests.Commands.Scripting;

/// <summary>Scripts with named parameters (<see cref="LuaScript.Prepare"/>), bound from an object's members.</summary>
[TestFixtureSource(typeof(ProtocolKinds), nameof(ProtocolKinds.Both))]
public sealed class PreparedScriptTests(ServerKind kind) : ClientFixture(kind)
{
    private static readonly PreparedLuaScript SetAndGet = LuaScript.Prepare(
        "redis.call('SET', @key, @value) return {redis.call('GET', @key), #KEYS, #ARGV, @count}");

    [Test]
    public async Task Keys_become_KEYS_the_rest_ARGV_and_each_parameter_is_sent_once()
    {
        var key = TestClients.Key("prepared");
        var result = await SetAndGet.EvaluateAsync(Client, new { key = (RedisKey)key, value = "hello", count = 3 });

        Assert.That((string?)result[0], Is.EqualTo("hello"));
        Assert.That((long)result[1], Is.EqualTo(1), "one key");
        Assert.That((long)result[2], Is.EqualTo(2), "value and count");
        Assert.That((string?)result[3], Is.EqualTo("3"));
        Assert.That(SetAndGet.Parameters, Is.EqualTo(new[] { "key", "value", "count" }));
    }

    [Test]
    public async Task Parameters_are_bound_from_properties_or_fields_of_any_type_and_run_in_a_batch()
    {
        var key = TestClients.Key("fields");
        var first = await SetAndGet.EvaluateAsync(Client, new FieldParameters { key = key, value = "from fields", count = 1 });
        Assert.That((string?)first[0], Is.EqualTo("from fields"));

        object boxed = new { key = (RedisKey)key, value = "passed as object", count = 1 };
        Assert.That((string?)(await SetAndGet.EvaluateAsync(Client, boxed))[0], Is.EqualTo("passed as object"));

        var batch = Client.CreateBatch();
        var queued = SetAndGet.EvaluateAsync(batch.Commands, new { key = (RedisKey)key, value = "in a batch", count = 2L }).AsTask();
        await batch.ExecuteAsync();
        Assert.That((string?)(await queued)[0], Is.EqualTo("in a batch"));
    }

    [Test]
    public async Task At_signs_in_strings_and_comments_are_not_parameters()
    {
        var script = LuaScript.Prepare("""
            -- @notAParameter in a comment
            --[[ @nor in a long comment ]]
            local a = '@single' .. "@double" .. [[@long]] .. [==[@level]==]
            return a .. ':' .. @value
            """);

        Assert.That(script.Parameters, Is.EqualTo(new[] { "value" }));
        Assert.That((string?)await script.EvaluateAsync(Client, new { value = "v" }), Is.EqualTo("@single@double@long@level:v"));
    }

    [Test]
    public void A_missing_or_unsendable_member_is_refused_with_the_parameter_named()
    {
        var missing = Assert.ThrowsAsync<ArgumentException>(async () => await SetAndGet.EvaluateAsync(Client, new { key = (RedisKey)"k", value = "v" }));
        Assert.That(missing!.Message, Does.Contain("@count"));

        var unsendable = Assert.ThrowsAsync<ArgumentException>(async () => await SetAndGet.EvaluateAsync(Client, new { key = (RedisKey)"k", value = "v", count = TimeSpan.Zero }));
        Assert.That(unsendable!.Message, Does.Contain("@count").And.Contain("TimeSpan"));

        Assert.Throws<ArgumentException>(() => LuaScript.Prepare(string.Empty));
    }

    // Lower-case public fields: they are named as the script's parameters are.
    private sealed class FieldParameters
    {
        public RedisKey key;
        public string value = string.Empty;
        public int count;
    }
}
