using Multiplex.Commands;

namespace Multiplex;

/// <summary>Server commands: INFO, CONFIG GET, DBSIZE, TIME, LASTSAVE, ROLE, LOLWUT, MODULE LIST.</summary>
public abstract partial class RedisCommands
{
    private static readonly ReplyParser<Dictionary<string, string>> StringMapParser = ServerParsers.FromResult(ToStringDictionary);

    private static readonly ReplyParser<DateTimeOffset> TimeParser = ServerParsers.FromResult(result =>
        DateTimeOffset.FromUnixTimeSeconds((long)result[0]).AddTicks((long)result[1] * TimeSpan.TicksPerMicrosecond));

    private static readonly ReplyParser<ModuleInfo[]> ModuleListParser = ServerParsers.FromResult(r => r.Elements.Select(ModuleInfo.FromResult).ToArray());

    private static readonly ReplyParser<ServerRole> RoleParser = ServerParsers.FromResult(ServerRole.FromResult);

    /// <summary>INFO: the server's state and statistics, parsed into sections.</summary>
    /// <param name="sections">
    /// The sections to return (<c>server</c>, <c>clients</c>, <c>memory</c>, <c>keyspace</c>, … or
    /// <c>all</c>/<c>everything</c>); none for the default set. Several sections need Redis 7.0+.
    /// </param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The parsed reply; a section the server does not know is simply absent.</returns>
    public async ValueTask<ServerInfo> InfoAsync(IReadOnlyList<string>? sections = null, CancellationToken cancellationToken = default)
    {
        var arguments = new CommandArgumentList(ServerTokens.Info);
        foreach (var section in sections ?? [])
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(section, nameof(sections));
            arguments.Add(section);
        }

        var text = await SendArguments(arguments, ReplyParsers.String, cancellationToken).ConfigureAwait(false);
        return ServerInfo.Parse(text ?? string.Empty);
    }

    /// <summary>INFO for one section.</summary>
    /// <param name="section">The section, for example <c>server</c>.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The parsed reply.</returns>
    public ValueTask<ServerInfo> InfoAsync(string section, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(section);
        return InfoAsync([section], cancellationToken);
    }

    /// <summary>CONFIG GET: the configuration parameters matching a glob pattern.</summary>
    /// <param name="pattern">The pattern, for example <c>maxmemory*</c> or an exact name.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>Each matching parameter and its value; empty when none match.</returns>
    [RedisCommand("CONFIG", "GET")]
    public ValueTask<Dictionary<string, string>> ConfigGetAsync(string pattern, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(pattern);
        var arguments = new CommandArgumentList(ServerTokens.ConfigGet).Add(pattern);
        return SendArguments(arguments, StringMapParser, cancellationToken);
    }

    /// <summary>DBSIZE: how many keys the selected database holds.</summary>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The key count.</returns>
    public ValueTask<long> DbSizeAsync(CancellationToken cancellationToken = default) =>
        SendArguments(new CommandArgumentList(ServerTokens.DbSize), ReplyParsers.Int64, cancellationToken);

    /// <summary>TIME: the server's clock.</summary>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The server's time, in UTC, to the microsecond.</returns>
    public ValueTask<DateTimeOffset> TimeAsync(CancellationToken cancellationToken = default) =>
        SendArguments(new CommandArgumentList(ServerTokens.Time), TimeParser, cancellationToken);

    /// <summary>LASTSAVE: when the last successful save to disk happened.</summary>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The time of the last save (the server's start time when it never saved).</returns>
    public async ValueTask<DateTimeOffset> LastSaveAsync(CancellationToken cancellationToken = default) =>
        DateTimeOffset.FromUnixTimeSeconds(await SendArguments(new CommandArgumentList(ServerTokens.LastSave), ReplyParsers.Int64, cancellationToken).ConfigureAwait(false));

    /// <summary>ROLE: whether the server is a primary, a replica or a sentinel.</summary>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The role and what it reports (replicas, primary address, monitored primaries).</returns>
    public ValueTask<ServerRole> RoleAsync(CancellationToken cancellationToken = default) =>
        SendArguments(new CommandArgumentList(ServerTokens.Role), RoleParser, cancellationToken);

    /// <summary>LOLWUT: the server's version, drawn as computer art.</summary>
    /// <param name="version">The art version (<c>VERSION</c>); null for the server's own.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The text, ending with the Redis version.</returns>
    public async ValueTask<string> LolwutAsync(int? version = null, CancellationToken cancellationToken = default)
    {
        var arguments = new CommandArgumentList(ServerTokens.Lolwut);
        if (version is { } number)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(number, nameof(version));
            arguments.Add(ServerTokens.Version, number);
        }

        return await SendArguments(arguments, ReplyParsers.String, cancellationToken).ConfigureAwait(false) ?? string.Empty;
    }

    /// <summary>MODULE LIST: the modules the server has loaded.</summary>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The modules; empty when none are loaded.</returns>
    [RedisCommand("MODULE", "LIST")]
    public ValueTask<ModuleInfo[]> ModuleListAsync(CancellationToken cancellationToken = default) =>
        SendArguments(new CommandArgumentList(ServerTokens.ModuleList), ModuleListParser, cancellationToken);

    /// <summary>A map-shaped reply (RESP3 map or RESP2 flat array) as text pairs.</summary>
    private static Dictionary<string, string> ToStringDictionary(RedisResult result)
    {
        var pairs = result.ToPairs();
        var dictionary = new Dictionary<string, string>(pairs.Count, StringComparer.Ordinal);
        foreach (var pair in pairs)
        {
            dictionary[(string?)pair.Key! ?? string.Empty] = pair.Value!.IsAggregate
                ? string.Join(' ', pair.Value!.Elements.Select(e => (string?)e))
                : (string?)pair.Value! ?? string.Empty;
        }

        return dictionary;
    }
}
