namespace Multiplex.IntegrationTests.Commands.Routing;

/// <summary>
/// The server's own description of its commands (the <c>COMMAND</c> reply, subcommands included): flags,
/// ACL categories and command tips (https://redis.io/docs/latest/develop/reference/command-tips/), by
/// name (<c>get</c>, <c>object|encoding</c>), and the keys it extracts from a given command line
/// (<c>COMMAND GETKEYS</c>, which applies its key specifications).
/// </summary>
internal sealed class ServerCommandTable
{
    private readonly Dictionary<string, ServerCommand> _commands = new(StringComparer.OrdinalIgnoreCase);
    private readonly RedisClient _client;

    private ServerCommandTable(RedisClient client) => _client = client;

    public static async Task<ServerCommandTable> LoadAsync(RedisClient client)
    {
        var table = new ServerCommandTable(client);
        var reply = await client.ExecuteAsync("COMMAND", []);
        foreach (var command in reply.Elements)
        {
            table.Add(command);
        }

        return table;
    }

    /// <summary>The command, by its name (<c>object|encoding</c>), or null when the server lacks it.</summary>
    public ServerCommand? Find(string name) => _commands.GetValueOrDefault(name);

    /// <summary>The keys the server finds in a command line (empty when it has none), or the server's error for it.</summary>
    public async Task<(List<string> Keys, string? Error)> GetKeysAsync(IReadOnlyList<byte[]> arguments)
    {
        if (arguments.Count < 2)
        {
            return ([], null); // a command without arguments has no keys (and GETKEYS wants some)
        }

        try
        {
            var reply = await _client.ExecuteAsync("COMMAND", [(RedisValue)"GETKEYS", .. arguments.Select(argument => (RedisValue)argument)]);
            return ([.. reply.Elements.Select(key => (string)key!)], null);
        }
        catch (RedisServerException exception) when (exception.ServerMessage.Contains("no key arguments", StringComparison.Ordinal))
        {
            return ([], null);
        }
        catch (RedisServerException exception)
        {
            return ([], exception.ServerMessage);
        }
    }

    private void Add(RedisResult command)
    {
        string Text(RedisResult result) => ((string?)result ?? string.Empty).ToLowerInvariant();
        var name = Text(command[0]);
        var tips = command.Count > 7 ? command[7].Elements.Select(Text).ToArray() : [];
        _commands[name] = new ServerCommand(
            name,
            [.. command[2].Elements.Select(Text)],
            [.. command[6].Elements.Select(Text)],
            Policy(tips, "request_policy"),
            Policy(tips, "response_policy"));
        if (command.Count > 9)
        {
            foreach (var subcommand in command[9].Elements)
            {
                Add(subcommand);
            }
        }
    }

    private static string? Policy(string[] tips, string kind) =>
        tips.FirstOrDefault(tip => tip.StartsWith(kind + ":", StringComparison.Ordinal))?[(kind.Length + 1)..];
}

/// <summary>One command as the server describes it.</summary>
internal sealed record ServerCommand(string Name, HashSet<string> Flags, HashSet<string> Categories, string? RequestPolicy, string? ResponsePolicy);
