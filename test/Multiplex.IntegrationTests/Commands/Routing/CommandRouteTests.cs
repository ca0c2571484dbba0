using System.Reflection;
using Multiplex.Commands;
using Multiplex.IntegrationTests.Support;
using Multiplex.Topology;

namespace Multiplex.IntegrationTests.Commands.Routing;

/// <summary>
/// Every public command method, called by reflection on surfaces whose commands are recorded instead of
/// sent, declares the route the server specifies for what it encodes: the same keys as the server's
/// <c>COMMAND GETKEYS</c> on the very frame, the server's <c>readonly</c>/<c>write</c>/<c>blocking</c>/<c>admin</c>
/// flags, and the fan-out its command tips ask for (see <see cref="RouteChecker"/> for the deliberate
/// differences). Each method is called twice: with its optional parameters left at their defaults, and
/// with them set, so keys that appear only with an option (SORT … STORE) are checked too.
/// </summary>
[Category("Coverage")]
public sealed class CommandRouteTests
{
    /// <summary>Public methods of the command surfaces that do not send one command of their own, by reason.</summary>
    private static readonly Dictionary<string, string> NotCommands = new(StringComparer.Ordinal)
    {
        ["DisposeAsync"] = "closes the client",
        ["WaitForConnectionAsync"] = "waits for the first connections",
        ["ReauthenticateAsync"] = "sends AUTH on each live connection with the credentials provider's credentials (TokenRotationTests cover it)",
        ["LeaseDedicatedSessionAsync"] = "leases a connection; its commands are the session's methods, checked here",
        ["TransactAsync"] = "runs WATCH … MULTI/EXEC around the caller's commands, which are checked here",
        ["SubscribeAsync"] = "subscriptions are sent by the pub/sub hub, whose SUBSCRIBE specs are checked below",
        ["PSubscribeAsync"] = "subscriptions are sent by the pub/sub hub, whose SUBSCRIBE specs are checked below",
        ["SSubscribeAsync"] = "subscriptions are sent by the pub/sub hub, whose SUBSCRIBE specs are checked below",
        ["SubscribeKeyspaceAsync"] = "a PSUBSCRIBE sent by the pub/sub hub",
        ["SubscribeKeyeventAsync"] = "a PSUBSCRIBE sent by the pub/sub hub",
        ["ExecuteAsync"] = "sends whatever command it is given (ExecuteAsync tests cover its checks)",
    };

    private static readonly Type[] Surfaces = [typeof(RedisCommands), typeof(RedisInteractiveCommands), typeof(RedisClient), typeof(RedisSessionCommands)];

    [Test]
    public async Task Every_command_method_declares_the_route_the_server_specifies()
    {
        await using var client = await TestClients.ConnectAsync();
        var checker = new RouteChecker(await ServerCommandTable.LoadAsync(client));
        var seams = new CapturingSeams(TestClients.OptionsFor(1) with { AllowAdminCommands = true });
        var problems = new List<string>();
        var commands = new SortedSet<string>(StringComparer.Ordinal);
        var methods = CommandMethods().ToList();
        foreach (var method in methods)
        {
            foreach (var arguments in new[] { ArgumentFactory.Plain, ArgumentFactory.Rich })
            {
                var (captured, error) = await CaptureAsync(seams, method, arguments);
                if (captured is null)
                {
                    problems.Add($"{Describe(method)} ({(arguments.IsRich ? "options set" : "defaults")}): {error}");
                    continue;
                }

                commands.Add(RouteChecker.Name(captured.Spec));
                problems.AddRange(await checker.CheckAsync(Describe(method), captured));
            }
        }

        TestContext.Out.WriteLine($"{methods.Count} command methods checked, {commands.Count} distinct commands: {string.Join(' ', commands)}");
        Assert.That(problems.Distinct(), Is.Empty, () => string.Join('\n', problems.Distinct()));
        Assert.That(commands, Is.SupersetOf(RouteChecker.NewerThanServer.Keys), "every command listed as newer than the server is sent by some method");
    }

    [Test]
    public async Task The_subscription_commands_the_hub_sends_are_routed_as_the_server_specifies()
    {
        await using var client = await TestClients.ConnectAsync();
        var checker = new RouteChecker(await ServerCommandTable.LoadAsync(client));
        var problems = new List<string>();
        foreach (var kind in Enum.GetValues<SubscriptionKind>())
        {
            var spec = Multiplex.PubSub.PubSubHub.SubscribeToken(kind);
            var frame = Encode(spec, ["channel-a", "channel-b"]);
            problems.AddRange(await checker.CheckAsync(kind.ToString(), new CapturedCommand(spec, frame)));
        }

        // The hub subscribes shard channels by their slot: SSUBSCRIBE takes its channels as keys.
        Assert.That(problems, Has.All.Contains("SSUBSCRIBE").And.All.Contains("keys [channel-a, channel-b], the server finds []"));
        Assert.That(problems, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task The_checker_finds_a_wrong_key_position_flag_and_route()
    {
        await using var client = await TestClients.ConnectAsync();
        var checker = new RouteChecker(await ServerCommandTable.LoadAsync(client));
        var frame = Encode(CommandTokens.Get, ["k"]);

        // GET declared with the key at the wrong index, as a write, and fanned out to every primary.
        var wrong = CommandSpec.Write("GET", KeySpec.At(2)).OnAllPrimaries(ReplyAggregate.Sum);
        var problems = await checker.CheckAsync("GetAsync", new CapturedCommand(wrong, frame));

        Assert.That(problems, Has.Some.Contains("keys [], the server finds [k]"));
        Assert.That(problems, Has.Some.Contains("read-only is False"));
        Assert.That(problems, Has.Some.Contains("write is True"));
        Assert.That(problems, Has.Some.Contains("route AllPrimaries/Sum, expected Keys/None"));
        Assert.That(await checker.CheckAsync("GetAsync", new CapturedCommand(CommandTokens.Get, frame)), Is.Empty);
    }

    [Test]
    public async Task The_flags_kept_for_commands_without_a_typed_method_agree_with_the_server()
    {
        await using var client = await TestClients.ConnectAsync();
        var reply = await client.ExecuteAsync("COMMAND", []);
        var missing = new List<string>();
        void Check(RedisResult command)
        {
            var name = ((string?)command[0] ?? string.Empty).ToLowerInvariant();
            var flags = command[2].Elements.Select(flag => (string?)flag).ToHashSet();
            var categories = command[6].Elements.Select(category => (string?)category).ToHashSet();
            var typed = CommandRegistry.Find(name.Split('|')[0], name.Contains('|') ? name.Split('|')[1] : null) is { } spec
                && CommandRegistry.NameOf(spec).Equals(name, StringComparison.OrdinalIgnoreCase);
            if (!typed && flags.Contains("blocking") && !ServerCommandFlags.Blocking.Contains(name) && name is not ("xread" or "xreadgroup"))
            {
                missing.Add($"{name}: blocking");
            }

            var dangerous = flags.Contains("admin") || categories.Contains("@dangerous");
            if (!typed && dangerous && !ServerCommandFlags.Admin.Contains(name) && !ServerCommandFlags.ReadOnlyAdmin.Contains(name)
                && !NotForExecute.Contains(name))
            {
                missing.Add($"{name}: admin or @dangerous");
            }

            foreach (var subcommand in command.Count > 9 ? command[9].Elements : [])
            {
                Check(subcommand);
            }
        }

        foreach (var command in reply.Elements)
        {
            Check(command);
        }

        Assert.That(missing, Is.Empty);
    }

    // ExecuteAsync refuses these whatever their flags: they change the state of the connection.
    private static readonly HashSet<string> NotForExecute = new(StringComparer.Ordinal) { "monitor" };

    /// <summary>Every public instance method of the command surfaces that returns a task or a stream, minus <see cref="NotCommands"/>.</summary>
    internal static IEnumerable<MethodInfo> CommandMethods() =>
        Surfaces.SelectMany(type => type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            .Where(method => !method.IsSpecialName && IsAsync(method.ReturnType) && !NotCommands.ContainsKey(method.Name));

    private static bool IsAsync(Type type) =>
        type == typeof(Task) || type == typeof(ValueTask)
        || (type.IsGenericType && type.GetGenericTypeDefinition() is var definition
            && (definition == typeof(Task<>) || definition == typeof(ValueTask<>) || definition == typeof(IAsyncEnumerable<>)));

    internal static string Describe(MethodInfo method) =>
        $"{method.DeclaringType!.Name}.{method.Name}({string.Join(", ", method.GetParameters().Select(p => p.ParameterType.Name))})";

    /// <summary>Calls <paramref name="method"/> and returns the command it handed over, or why there is none.</summary>
    internal static async Task<(CapturedCommand? Command, string? Error)> CaptureAsync(CapturingSeams seams, MethodInfo method, ArgumentFactory factory)
    {
        var arguments = factory.For(method);
        if (arguments is null)
        {
            return (null, "no value can be made for one of its parameters");
        }

        var target = method.DeclaringType == typeof(RedisClient) ? (object)seams.Client : seams.Session;
        seams.Take();
        try
        {
            await CompleteAsync(method.Invoke(target, arguments));
        }
        catch (Exception exception) when (Unwrap(exception) is CapturedException)
        {
        }
        catch (Exception exception)
        {
            var cause = Unwrap(exception);
            return (null, $"{cause.GetType().Name}: {cause.Message}");
        }

        return seams.Take() is { } captured ? (captured, null) : (null, "handed over no command");
    }

    /// <summary>Awaits what a command method returned (a task, a value task, or the first item of a stream).</summary>
    private static async Task CompleteAsync(object? result)
    {
        switch (result)
        {
            case Task task:
                await task;
                break;
            case ValueTask valueTask:
                await valueTask;
                break;
            case null:
                break;
            default:
                var type = result.GetType();
                if (type.GetMethod(nameof(ValueTask<int>.AsTask)) is { } asTask)
                {
                    await (Task)asTask.Invoke(result, null)!;
                    break;
                }

                var stream = type.GetInterfaces().Single(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IAsyncEnumerable<>));
                var enumerator = stream.GetMethod(nameof(IAsyncEnumerable<int>.GetAsyncEnumerator))!.Invoke(result, [CancellationToken.None])!;
                var moveNext = enumerator.GetType().GetInterfaces().Single(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IAsyncEnumerator<>))
                    .GetMethod(nameof(IAsyncEnumerator<int>.MoveNextAsync))!;
                await (ValueTask<bool>)moveNext.Invoke(enumerator, null)!;
                break;
        }
    }

    private static Exception Unwrap(Exception exception) =>
        exception is TargetInvocationException { InnerException: { } inner } ? Unwrap(inner) : exception;

    private static byte[] Encode(CommandSpec spec, RedisValue[] arguments)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        Protocol.RespWriter.WriteArrayHeader(buffer, spec.NameLength + arguments.Length);
        spec.WriteName(buffer);
        foreach (var argument in arguments)
        {
            Protocol.RespWriter.WriteBulkString(buffer, argument);
        }

        return buffer.WrittenSpan.ToArray();
    }
}
