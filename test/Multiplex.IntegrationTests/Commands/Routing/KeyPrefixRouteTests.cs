using System.Text;
using Multiplex.IntegrationTests.Support;

namespace Multiplex.IntegrationTests.Commands.Routing;

/// <summary>
/// Every public command method, called through a key-prefix view on surfaces whose commands are recorded
/// instead of sent, sends a frame in which the server itself (<c>COMMAND GETKEYS</c>) finds only prefixed
/// keys, and as many as in the frame the client itself sends; or it is refused. Keyless commands the
/// server files under <c>@keyspace</c> (they reach keys they are not given) must be refused or carry the
/// prefix in a pattern. Each method is called with its optional parameters at their defaults and set.
/// </summary>
[Category("Coverage")]
public sealed class KeyPrefixRouteTests
{
    private const string Prefix = "{view}:";

    /// <summary>The commands a view refuses, which the test expects to be refused and nothing else.</summary>
    private static readonly HashSet<string> Refused = new(StringComparer.Ordinal) { "randomkey", "dbsize", "flushdb", "flushall", "swapdb" };

    [Test]
    public async Task Every_command_method_through_a_view_sends_only_prefixed_keys_or_is_refused()
    {
        await using var client = await TestClients.ConnectAsync();
        var server = await ServerCommandTable.LoadAsync(client);
        var options = TestClients.OptionsFor(1) with { AllowAdminCommands = true };
        var direct = new CapturingSeams(options);
        var viewed = new CapturingSeams(options, Prefix);
        var problems = new List<string>();
        var refused = new SortedSet<string>(StringComparer.Ordinal);
        var checkedCommands = 0;

        foreach (var method in CommandRouteTests.CommandMethods())
        {
            foreach (var arguments in new[] { ArgumentFactory.Plain, ArgumentFactory.Rich })
            {
                var what = $"{CommandRouteTests.Describe(method)} ({(arguments.IsRich ? "options set" : "defaults")})";
                var (plain, _) = await CommandRouteTests.CaptureAsync(direct, method, arguments.IsRich ? ArgumentFactory.Rich : ArgumentFactory.Plain);
                var (captured, error) = await CommandRouteTests.CaptureAsync(viewed, method, arguments);
                if (captured is null)
                {
                    if (error?.StartsWith(nameof(NotSupportedException), StringComparison.Ordinal) == true && plain is not null)
                    {
                        refused.Add(RouteChecker.Name(plain.Spec));
                        var command = server.Find(RouteChecker.Name(plain.Spec));
                        if (command is not null && !command.Categories.Contains("@keyspace") && !command.Categories.Contains("@dangerous"))
                        {
                            problems.Add($"{what}: refused, but the server files {command.Name} neither under @keyspace nor @dangerous");
                        }
                    }
                    else if (plain is not null)
                    {
                        problems.Add($"{what}: the client itself sends it, the view does not ({error})");
                    }

                    continue;
                }

                checkedCommands++;
                var name = RouteChecker.Name(captured.Spec);
                var (keys, keysError) = await server.GetKeysAsync(captured.Arguments);
                var (plainKeys, _) = plain is null ? ([], null) : await server.GetKeysAsync(plain.Arguments);
                if (keysError is not null)
                {
                    if (server.Find(name) is not null)
                    {
                        problems.Add($"{what}: the server refuses the view's frame for GETKEYS: {keysError}");
                    }

                    continue;
                }

                if (keys.FirstOrDefault(key => !key.StartsWith(Prefix, StringComparison.Ordinal)) is { } unprefixed)
                {
                    problems.Add($"{what}: the server finds the key '{unprefixed}' without the prefix");
                }

                if (keys.Count != plainKeys.Count)
                {
                    problems.Add($"{what}: the server finds {keys.Count} keys through the view and {plainKeys.Count} without");
                }

                if (keys.Count == 0 && server.Find(name) is { } keyless && keyless.Categories.Contains("@keyspace")
                    && !captured.Arguments.Skip(1).Any(argument => Encoding.UTF8.GetString(argument).Contains(Prefix, StringComparison.Ordinal)))
                {
                    problems.Add($"{what}: {name} reaches the keyspace, but the view neither refuses it nor puts the prefix in a pattern");
                }
            }
        }

        TestContext.Out.WriteLine($"{checkedCommands} calls checked through a view; refused: {string.Join(' ', refused)}");
        Assert.That(problems.Distinct(), Is.Empty, () => string.Join('\n', problems.Distinct()));
        Assert.That(refused, Is.EquivalentTo(Refused));
    }
}
