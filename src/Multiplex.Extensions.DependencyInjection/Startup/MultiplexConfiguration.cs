using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Multiplex.Extensions.DependencyInjection;

/// <summary>
/// Reads a client's options from a configuration section (for example <c>Redis</c>):
/// <c>ConnectionString</c>, then <c>Endpoints</c>, then every other key as a connection-string option
/// of the same name, then the start-up keys <c>ConnectOnStartup</c> and <c>StartupTimeout</c>.
/// </summary>
internal static class MultiplexConfiguration
{
    public const string ConnectionStringKey = "ConnectionString";
    public const string EndpointsKey = "Endpoints";
    public const string ConnectOnStartupKey = "ConnectOnStartup";
    public const string StartupTimeoutKey = "StartupTimeout";

    private static readonly HashSet<string> NonOptionKeys = new(StringComparer.OrdinalIgnoreCase)
    {
        ConnectionStringKey, EndpointsKey, ConnectOnStartupKey, StartupTimeoutKey,
    };

    /// <summary>The client options the section describes; the defaults (<c>localhost:6379</c>) where it says nothing.</summary>
    /// <exception cref="FormatException">A key is unknown or a value invalid; the message names the configuration path.</exception>
    public static RedisClientOptions ReadClientOptions(IConfiguration section)
    {
        var connectionString = section[ConnectionStringKey];
        var options = string.IsNullOrWhiteSpace(connectionString)
            ? new RedisClientOptions()
            : Wrap(section, ConnectionStringKey, () => RedisClientOptions.Parse(connectionString));

        var endpoints = ReadEndpoints(section.GetSection(EndpointsKey));
        if (endpoints.Count > 0)
        {
            options = options with { Endpoints = endpoints };
        }

        foreach (var child in section.GetChildren())
        {
            if (NonOptionKeys.Contains(child.Key))
            {
                continue;
            }

            if (child.Value is null)
            {
                throw new FormatException($"Configuration '{child.Path}' is a section; Multiplex expects a single value there (a connection-string option such as commandTimeout=5s).");
            }

            var current = options;
            options = Wrap(section, child.Key, () => current.WithSetting(child.Key, child.Value));
        }

        try
        {
            options.Validate();
        }
        catch (ArgumentException exception)
        {
            throw new FormatException($"Configuration '{PathOf(section)}': {exception.Message}", exception);
        }

        return options;
    }

    /// <summary>The start-up options the section describes (defaults where it says nothing).</summary>
    public static MultiplexStartupOptions ReadStartupOptions(IConfiguration section)
    {
        var startup = new MultiplexStartupOptions();
        if (section[ConnectOnStartupKey] is { Length: > 0 } mode)
        {
            startup.ConnectOnStartup = Enum.TryParse<StartupConnectMode>(mode, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed)
                ? parsed
                : throw new FormatException($"Configuration '{PathOf(section)}:{ConnectOnStartupKey}' is '{mode}'; expected Background or FailFast.");
        }

        if (section[StartupTimeoutKey] is { Length: > 0 } timeout)
        {
            startup.StartupTimeout = TimeSpan.TryParse(timeout, CultureInfo.InvariantCulture, out var parsed) && parsed > TimeSpan.Zero
                ? parsed
                : throw new FormatException($"Configuration '{PathOf(section)}:{StartupTimeoutKey}' is '{timeout}'; expected a positive time span such as 00:00:10.");
        }

        return startup;
    }

    private static List<RedisEndpoint> ReadEndpoints(IConfigurationSection endpoints)
    {
        // Either one value ("host1:6379,host2:6380") or an array (Endpoints:0, Endpoints:1, …).
        var texts = endpoints.Value is { } single
            ? single.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : endpoints.GetChildren().Select(child => child.Value).OfType<string>().ToArray();
        return texts.Select(text => Wrap(endpoints, null, () => RedisEndpoint.Parse(text))).ToList();
    }

    private static string PathOf(IConfiguration section) => section is IConfigurationSection named ? named.Path : "(root)";

    private static T Wrap<T>(IConfiguration section, string? key, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (Exception exception) when (exception is FormatException or ArgumentException)
        {
            var path = PathOf(section);
            var where = key is null ? path : $"{path}:{key}";
            throw new FormatException($"Configuration '{where}': {exception.Message}", exception);
        }
    }
}
