namespace Multiplex;

/// <summary>
/// The one connection-string parser. Accepts
/// <c>redis://[[user]:password@]host[:port][,host2[:port2]…][/database][?key=value&amp;…]</c>,
/// <c>rediss://…</c> (TLS on), <c>unix:///path/to/redis.sock[?key=value&amp;…]</c> (also
/// <c>unix:/path</c> and <c>unix://[user[:password]]@/path</c>), and the StackExchange.Redis form
/// <c>host:port,host2:port2,key=value,…</c>. URL parts are percent-decoded (<c>+</c> stays a plus);
/// a raw <c>?</c> in a URL password must be written <c>%3F</c>, and the comma-separated form cannot
/// carry a password containing a comma. In a URL, options go in the query only: a <c>key=value</c>
/// in its host list or path is refused, never taken for a host. The option keys are those of
/// <see cref="ConnectionStringKeys"/>. Several endpoints parse; <see cref="RedisClientOptions.Validate"/> refuses them.
/// </summary>
/// <remarks>URL syntax: RFC 3986; the redis:// scheme as registered with IANA (provisional).</remarks>
internal static class ConnectionStringParser
{
    private const string RedisScheme = "redis://";
    private const string SecureRedisScheme = "rediss://";
    private const string UnixScheme = "unix:";

    public static RedisClientOptions Parse(string connectionString)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
        string text = connectionString.Trim();
        if (text.Length == 0)
        {
            throw new FormatException("The connection string is empty.");
        }

        RedisClientOptions options;
        if (text.StartsWith(RedisScheme, StringComparison.OrdinalIgnoreCase))
        {
            options = ParseUrl(RedisScheme, text[RedisScheme.Length..], tls: false);
        }
        else if (text.StartsWith(SecureRedisScheme, StringComparison.OrdinalIgnoreCase))
        {
            options = ParseUrl(SecureRedisScheme, text[SecureRedisScheme.Length..], tls: true);
        }
        else if (text.StartsWith(UnixScheme, StringComparison.OrdinalIgnoreCase))
        {
            options = ParseUnix(text[UnixScheme.Length..]);
        }
        else
        {
            int scheme = text.IndexOf("://", StringComparison.Ordinal);
            options = scheme >= 0
                ? throw new FormatException($"Unknown scheme '{text[..scheme]}'; expected redis://, rediss:// or unix://.")
                : ParseCommaSeparated(text);
        }

        try
        {
            // Several endpoints parse; connecting (Validate) refuses them until cluster and sentinel support.
            options.ValidateSettings();
        }
        catch (ArgumentException exception)
        {
            throw new FormatException(exception.Message, exception);
        }

        return options;
    }

    private static RedisClientOptions ParseUrl(string scheme, string rest, bool tls)
    {
        (string beforeQuery, string? query) = SplitOnce(rest, '?');

        // The last '@' ends the user info, so a raw '@', ':' or '/' in a password still parses.
        int at = beforeQuery.LastIndexOf('@');
        string hostsAndPath = beforeQuery[(at + 1)..];
        (string hosts, string? path) = SplitOnce(hostsAndPath, '/');
        ThrowIfOptionOutsideQuery(scheme, at >= 0 ? beforeQuery[..at] : null, hosts, path, query);

        var options = new RedisClientOptions { Endpoints = ParseHosts(hosts.Split(',')) };
        options = WithUserInfo(options, at >= 0 ? beforeQuery[..at] : null);
        if (tls)
        {
            options = options with { Tls = options.Tls with { Enabled = true } };
        }

        if (!string.IsNullOrEmpty(path))
        {
            string database = Uri.UnescapeDataString(path);
            options = database.Length > 0 && database.All(char.IsAsciiDigit) && int.TryParse(database, out int number)
                ? options with { Database = number }
                : throw new FormatException($"The URL path '/{database}' is not a database number.");
        }

        return ApplyQuery(options, query);
    }

    private static RedisClientOptions ParseUnix(string rest)
    {
        (string beforeQuery, string? query) = SplitOnce(rest, '?');
        string? userInfo = null;
        string path = beforeQuery;
        if (beforeQuery.StartsWith("//", StringComparison.Ordinal))
        {
            path = beforeQuery[2..];
            int at = path.IndexOf("@/", StringComparison.Ordinal);
            if (!path.StartsWith('/') && at >= 0)
            {
                userInfo = path[..at];
                path = path[(at + 1)..];
            }
        }

        if (!path.StartsWith('/'))
        {
            throw new FormatException("A unix socket URL needs an absolute path: unix:///path/to/redis.sock or unix:/path/to/redis.sock.");
        }

        string decoded = Uri.UnescapeDataString(path);
        RedisEndpoint endpoint = RedisEndpoint.Parse(UnixScheme + decoded);
        var options = new RedisClientOptions { Endpoints = [endpoint] };
        return ApplyQuery(WithUserInfo(options, userInfo), query);
    }

    private static RedisClientOptions ParseCommaSeparated(string text)
    {
        var endpoints = new List<string>();
        var settings = new List<(string Key, string Value)>();
        foreach (string token in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            int equals = token.IndexOf('=', StringComparison.Ordinal);
            if (equals < 0)
            {
                endpoints.Add(token);
            }
            else
            {
                settings.Add((token[..equals].Trim(), token[(equals + 1)..]));
            }
        }

        var options = new RedisClientOptions { Endpoints = ParseHosts(endpoints) };
        foreach ((string key, string value) in settings)
        {
            options = ConnectionStringKeys.Apply(options, key, value);
        }

        return options;
    }

    /// <summary>
    /// Refuses a <c>key=value</c> in a URL's host list or path (the comma-separated form's syntax,
    /// <c>redis://host:6379,allowAdmin=true</c>), which would otherwise become a host named after
    /// the option. The message shows the URL with the option in its query, secrets as <c>***</c>.
    /// </summary>
    private static void ThrowIfOptionOutsideQuery(string scheme, string? userInfo, string hosts, string? path, string? query)
    {
        string[] hostEntries = hosts.Split(',');
        string[] pathEntries = path?.Split(',') ?? [];
        string[] misplaced = [.. hostEntries.Concat(pathEntries).Where(IsOption).Select(RedactedOption)];
        if (misplaced.Length == 0)
        {
            return;
        }

        string keptHosts = string.Join(',', hostEntries.Where(entry => !IsOption(entry)));
        string keptPath = string.Join(',', pathEntries.Where(entry => !IsOption(entry)));
        string[] queryParameters = query?.Split('&', StringSplitOptions.RemoveEmptyEntries).Select(RedactedOption).ToArray() ?? [];
        string suggestion = scheme
            + (userInfo is null ? string.Empty : RedactedUserInfo(userInfo) + "@")
            + (keptHosts.Length == 0 ? "host" : keptHosts)
            + (keptPath.Length == 0 ? string.Empty : "/" + keptPath)
            + "?" + string.Join('&', queryParameters.Concat(misplaced));
        string quoted = string.Join(", ", misplaced.Select(option => $"'{option}'"));
        throw new FormatException(
            $"The {scheme} URL has {quoted} where a host or database number belongs. In a URL, options go in the query string: {suggestion} "
            + "(options after commas are the form without a scheme: host:port,key=value).");
    }

    private static bool IsOption(string entry) => entry.Contains('=', StringComparison.Ordinal);

    private static string RedactedOption(string parameter)
    {
        (string key, string? value) = SplitOnce(parameter, '=');
        return value is not null && ConnectionStringKeys.IsSecret(Uri.UnescapeDataString(key)) ? key + "=***" : parameter;
    }

    private static string RedactedUserInfo(string userInfo)
    {
        (string user, string? password) = SplitOnce(userInfo, ':');
        return password is null ? user : user + ":***";
    }

    private static RedisEndpoint[] ParseHosts(IReadOnlyCollection<string> hosts)
    {
        if (hosts.Count == 0 || hosts.All(string.IsNullOrWhiteSpace))
        {
            throw new FormatException("The connection string names no host.");
        }

        return hosts.Select(host => host.Length == 0
            ? throw new FormatException("The host list has an empty entry (two commas in a row?).")
            : RedisEndpoint.Parse(Uri.UnescapeDataString(host))).ToArray();
    }

    private static RedisClientOptions WithUserInfo(RedisClientOptions options, string? userInfo)
    {
        if (userInfo is null)
        {
            return options;
        }

        (string user, string? password) = SplitOnce(userInfo, ':');
        string decodedUser = Uri.UnescapeDataString(user);
        return options with
        {
            User = decodedUser.Length == 0 ? null : decodedUser,
            Password = password is null ? null : Uri.UnescapeDataString(password),
        };
    }

    private static RedisClientOptions ApplyQuery(RedisClientOptions options, string? query)
    {
        if (query is null)
        {
            return options;
        }

        foreach (string parameter in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            (string key, string? value) = SplitOnce(parameter, '=');
            string decodedKey = Uri.UnescapeDataString(key);
            options = value is null
                ? throw new FormatException($"Query parameter '{decodedKey}' has no value; write {decodedKey}=value.")
                : ConnectionStringKeys.Apply(options, decodedKey, Uri.UnescapeDataString(value));
        }

        return options;
    }

    private static (string Before, string? After) SplitOnce(string text, char separator)
    {
        int index = text.IndexOf(separator, StringComparison.Ordinal);
        return index < 0 ? (text, null) : (text[..index], text[(index + 1)..]);
    }
}
