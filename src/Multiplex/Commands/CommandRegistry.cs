using System.Reflection;

namespace Multiplex.Commands;

/// <summary>
/// Every <see cref="CommandSpec"/> the typed methods declare, by the server's name for the command
/// (<c>get</c>, <c>object|encoding</c>), so <see cref="RedisCommands.ExecuteAsync"/> routes and checks a
/// command given by name exactly as its typed method would. Built once, on first use, from the static
/// fields of the library's own types.
/// </summary>
internal static class CommandRegistry
{
    private static readonly Lazy<Dictionary<string, CommandSpec>> Specs = new(Build);

    /// <summary>The spec of <paramref name="command"/> (with <paramref name="firstArgument"/> as its subcommand when it has one), or null.</summary>
    public static CommandSpec? Find(string command, string? firstArgument)
    {
        var specs = Specs.Value;
        if (firstArgument is not null && specs.TryGetValue($"{command}|{firstArgument}", out var subcommand))
        {
            return subcommand;
        }

        return specs.GetValueOrDefault(command);
    }

    /// <summary>The server's name of a spec's command: <c>get</c>, <c>object|encoding</c>.</summary>
    public static string NameOf(CommandSpec spec) =>
        spec.Subcommand is null ? spec.Token.Name : $"{spec.Token.Name}|{spec.Subcommand.Name}";

    private static Dictionary<string, CommandSpec> Build()
    {
        var specs = new Dictionary<string, CommandSpec>(StringComparer.OrdinalIgnoreCase);
        var fields = typeof(CommandSpec).Assembly.GetTypes()
            .SelectMany(type => type.GetFields(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic))
            .Where(field => field.FieldType == typeof(CommandSpec) && field.IsInitOnly);
        foreach (var field in fields)
        {
            var spec = (CommandSpec)field.GetValue(null)!;
            var name = NameOf(spec);

            // XREAD and XREADGROUP have a blocking twin for their BLOCK form: by name, the plain one.
            if (!specs.TryGetValue(name, out var existing) || (existing.IsBlocking && !spec.IsBlocking))
            {
                specs[name] = spec;
            }
        }

        return specs;
    }
}
