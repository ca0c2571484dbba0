using Multiplex.IntegrationTests.Support;
using Multiplex.Testing;

namespace Multiplex.IntegrationTests.Commands.Scripting;

/// <summary>SCRIPT FLUSH, FUNCTION FLUSH and FUNCTION RESTORE, on a server of their own.</summary>
[TestFixtureSource(typeof(ProtocolKinds), nameof(ProtocolKinds.Both))]
public sealed class ScriptingAdminTests(ServerKind kind)
{
    private IServerFixture _server = null!;
    private RedisClient _client = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _server = await StandaloneServers.StartAsync();
        _client = await RedisClient.ConnectAsync(
            TestClients.OptionsFor(_server.Port) with
            {
                AllowAdminCommands = true,
                Protocol = kind == ServerKind.RedisResp2 ? RedisProtocol.Resp2 : RedisProtocol.Resp3,
            },
            TestClients.Logs);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await _client.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Test]
    public async Task Lua_script_falls_back_to_eval_once_after_the_script_cache_is_flushed()
    {
        var script = new LuaScript("return 'first ' .. ARGV[1]");
        await _client.ScriptLoadAsync(script.Source);

        await _client.ScriptFlushAsync(FlushMode.Sync);
        Assert.That(await _client.ScriptExistsAsync([script.Sha1]), Is.EqualTo(new[] { false }));

        var result = await _client.EvalAsync(script, null, ["run"]);

        Assert.That((string?)result, Is.EqualTo("first run"));
        Assert.That(await _client.ScriptExistsAsync([script.Sha1]), Is.EqualTo(new[] { true }));
    }

    [Test]
    public async Task Script_flush_async_empties_the_cache()
    {
        var sha = await _client.ScriptLoadAsync("return 'async'");
        await _client.ScriptFlushAsync(FlushMode.Async);
        Assert.That(await _client.ScriptExistsAsync([sha]), Is.EqualTo(new[] { false }));
    }

    [Test]
    public async Task Function_dump_then_flush_then_restore_brings_the_library_back()
    {
        var (library, echo, _, code) = FunctionTests.NewLibrary();
        await _client.FunctionLoadAsync(code);
        var payload = await _client.FunctionDumpAsync();

        await _client.FunctionFlushAsync(FlushMode.Sync);
        Assert.That(await _client.FunctionListAsync(library), Is.Empty);

        await _client.FunctionRestoreAsync(payload);
        Assert.That((await _client.FunctionListAsync(library)).Single().Name, Is.EqualTo(library));
        Assert.ThrowsAsync<RedisServerException>(async () => await _client.FunctionRestoreAsync(payload, FunctionRestorePolicy.Append));
        await _client.FunctionRestoreAsync(payload, FunctionRestorePolicy.Replace);
        await _client.FunctionRestoreAsync(payload, FunctionRestorePolicy.Flush);
        Assert.That((string?)(await _client.FCallAsync(echo, ["k"], ["v"]))[1], Is.EqualTo("v"));
        await _client.FunctionFlushAsync(FlushMode.Async);
        Assert.That(await _client.FunctionListAsync(), Is.Empty);
    }
}
