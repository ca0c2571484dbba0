using System.Globalization;

namespace Multiplex.Testing.Processes;

/// <summary>Runs redis-cli against one fixture server.</summary>
public static class RedisCli
{
    /// <summary>Runs redis-cli against <paramref name="host"/>:<paramref name="port"/> (authenticated when a password is given); returns its output.</summary>
    public static Task<string> RunAsync(
        string host, int port, string? user, string? password, IEnumerable<string> arguments, CancellationToken cancellationToken = default)
    {
        var all = new List<string> { "-h", host, "-p", port.ToString(CultureInfo.InvariantCulture) };
        if (password is not null)
        {
            if (user is not null)
            {
                all.AddRange(["--user", user]);
            }

            all.AddRange(["--pass", password]);
        }

        all.Add("--no-auth-warning");
        all.AddRange(arguments);
        return ToolRunner.RunAsync("redis-cli", all, cancellationToken: cancellationToken);
    }

    /// <summary>Parses <c>key:value</c> lines such as INFO or CLUSTER INFO output.</summary>
    public static IReadOnlyDictionary<string, string> ParseFields(string text)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                fields[line[..colon]] = line[(colon + 1)..];
            }
        }

        return fields;
    }

    /// <summary>Parses a flat array of alternating names and values (redis-cli prints one per line).</summary>
    public static IReadOnlyDictionary<string, string> ParsePairs(string text)
    {
        var lines = text.Split('\n', StringSplitOptions.TrimEntries);
        var pairs = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var index = 0; index + 1 < lines.Length; index += 2)
        {
            pairs[lines[index]] = lines[index + 1];
        }

        return pairs;
    }
}
