using Multiplex.IntegrationTests.Support;

namespace Multiplex.IntegrationTests.Commands.Scripting;

[TestFixtureSource(typeof(ProtocolKinds), nameof(ProtocolKinds.Both))]
public sealed class FunctionTests(ServerKind kind) : ClientFixture(kind)
{
    /// <summary>A library with a unique name and two functions (function names are global on a server).</summary>
    internal static (string Library, string Echo, string Set, string Code) NewLibrary()
    {
        var id = Guid.NewGuid().ToString("N");
        var (library, echo, set) = ($"lib{id}", $"echo{id}", $"set{id}");
        var code = $$"""
            #!lua name={{library}}
            redis.register_function{function_name='{{echo}}', callback=function(keys, args) return {keys[1], args[1]} end, flags={'no-writes'}, description='echoes'}
            redis.register_function('{{set}}', function(keys, args) return redis.call('SET', keys[1], args[1]) end)
            """;
        return (library, echo, set, code);
    }

    [Test]
    public async Task Function_load_returns_the_library_name_and_fcall_runs_its_functions()
    {
        var (library, echo, set, code) = NewLibrary();
        var key = TestClients.Key("k");

        Assert.That(await Client.FunctionLoadAsync(code), Is.EqualTo(library));
        var echoed = await Client.FCallAsync(echo, [key], ["v"]);
        var setReply = await Client.FCallAsync(set, [key], ["stored"]);

        Assert.That((string?)echoed[0], Is.EqualTo(key));
        Assert.That((string?)echoed[1], Is.EqualTo("v"));
        Assert.That((string?)setReply, Is.EqualTo("OK"));
        Assert.That((string?)await Client.GetAsync(key), Is.EqualTo("stored"));
        await Client.FunctionDeleteAsync(library);
    }

    [Test]
    public async Task Fcall_ro_runs_no_writes_functions_and_refuses_others()
    {
        var (library, echo, set, code) = NewLibrary();
        await Client.FunctionLoadAsync(code);

        var echoed = await Client.FCallRoAsync(echo, [TestClients.Key("k")], ["ro"]);

        Assert.That((string?)echoed[1], Is.EqualTo("ro"));
        Assert.ThrowsAsync<RedisServerException>(async () => await Client.FCallRoAsync(set, [TestClients.Key("k")], ["x"]));
        await Client.FunctionDeleteAsync(library);
    }

    [Test]
    public async Task Function_load_without_replace_refuses_an_existing_library_and_with_replace_accepts_it()
    {
        var (library, _, _, code) = NewLibrary();
        await Client.FunctionLoadAsync(code);

        Assert.ThrowsAsync<RedisServerException>(async () => await Client.FunctionLoadAsync(code));
        Assert.That(await Client.FunctionLoadAsync(code, replace: true), Is.EqualTo(library));
        await Client.FunctionDeleteAsync(library);
    }

    [Test]
    public async Task Function_list_describes_libraries_and_functions_with_code_on_request()
    {
        var (library, echo, set, code) = NewLibrary();
        await Client.FunctionLoadAsync(code);

        var withoutCode = await Client.FunctionListAsync(library);
        var withCode = await Client.FunctionListAsync(library, withCode: true);

        Assert.That(withoutCode, Has.Length.EqualTo(1));
        var entry = withoutCode[0];
        Assert.That(entry.Name, Is.EqualTo(library));
        Assert.That(entry.Engine, Is.EqualTo("LUA"));
        Assert.That(entry.Code, Is.Null);
        var functions = entry.Functions.OrderBy(f => f.Name.StartsWith("echo", StringComparison.Ordinal) ? 0 : 1).ToArray();
        Assert.That(functions.Select(f => f.Name), Is.EqualTo(new[] { echo, set }));
        Assert.That(functions[0].Description, Is.EqualTo("echoes"));
        Assert.That(functions[0].Flags, Is.EqualTo(new[] { "no-writes" }));
        Assert.That(functions[1].Description, Is.Null);
        Assert.That(functions[1].Flags, Is.Empty);
        Assert.That(withCode[0].Code, Is.EqualTo(code));
        await Client.FunctionDeleteAsync(library);
    }

    [Test]
    public async Task Function_delete_removes_the_library_and_a_second_delete_fails()
    {
        var (library, _, _, code) = NewLibrary();
        await Client.FunctionLoadAsync(code);

        await Client.FunctionDeleteAsync(library);

        Assert.That(await Client.FunctionListAsync(library), Is.Empty);
        Assert.ThrowsAsync<RedisServerException>(async () => await Client.FunctionDeleteAsync(library));
    }

    [Test]
    public async Task Function_dump_returns_a_non_empty_payload()
    {
        var (library, _, _, code) = NewLibrary();
        await Client.FunctionLoadAsync(code);

        var payload = await Client.FunctionDumpAsync();

        Assert.That(payload, Is.Not.Empty);
        await Client.FunctionDeleteAsync(library);
    }

    [Test]
    public void Function_flush_and_restore_need_admin_commands()
    {
        Assert.ThrowsAsync<InvalidOperationException>(async () => await Client.FunctionFlushAsync());
        Assert.ThrowsAsync<InvalidOperationException>(async () => await Client.FunctionRestoreAsync([1, 2, 3]));
    }

    [Test]
    public void Argument_errors_are_thrown_before_sending()
    {
        Assert.ThrowsAsync<ArgumentException>(async () => await Client.FunctionLoadAsync(string.Empty));
        Assert.ThrowsAsync<ArgumentException>(async () => await Client.FCallAsync(string.Empty));
        Assert.ThrowsAsync<ArgumentException>(async () => await Client.FunctionDeleteAsync(string.Empty));
    }
}
