using Multiplex.Commands;

namespace Multiplex;

/// <summary>Diagnostics: SLOWLOG, LATENCY, MEMORY and COMMAND.</summary>
public abstract partial class RedisCommands
{
    private static readonly ReplyParser<SlowLogEntry[]> SlowLogParser = ServerParsers.FromResult(r => r.Elements.Select(SlowLogEntry.FromResult).ToArray());
    private static readonly ReplyParser<LatencyEvent[]> LatencyLatestParser = ServerParsers.FromResult(r => r.Elements.Select(LatencyEvent.FromResult).ToArray());
    private static readonly ReplyParser<LatencySample[]> LatencyHistoryParser = ServerParsers.FromResult(r => r.Elements.Select(LatencySample.FromResult).ToArray());
    private static readonly ReplyParser<CommandInfo?[]> CommandInfoParser = ServerParsers.FromResult(r => r.Elements.Select(CommandInfo.FromResult).ToArray());
    private static readonly ReplyParser<Dictionary<string, RedisResult>> ResultMapParser = ServerParsers.FromResult(r => r.ToDictionary());

    /// <summary>SLOWLOG GET: the most recent entries of the slow log, newest first.</summary>
    /// <param name="count">How many entries; null for the server's default (10); -1 for all.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The entries; empty when the log is empty.</returns>
    [RedisCommand("SLOWLOG", "GET")]
    public ValueTask<SlowLogEntry[]> SlowLogGetAsync(int? count = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count ?? 0, -1, nameof(count));
        var arguments = new CommandArgumentList(ServerTokens.SlowLogGet);
        if (count is { } number)
        {
            arguments.Add(number);
        }

        return SendArguments(arguments, SlowLogParser, cancellationToken);
    }

    /// <summary>SLOWLOG LEN: how many entries the slow log holds.</summary>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The entry count.</returns>
    [RedisCommand("SLOWLOG", "LEN")]
    public ValueTask<long> SlowLogLenAsync(CancellationToken cancellationToken = default) =>
        SendArguments(new CommandArgumentList(ServerTokens.SlowLogLen), ReplyParsers.Int64, cancellationToken);

    /// <summary>SLOWLOG RESET: empties the slow log.</summary>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>A task that completes when emptied.</returns>
    [RedisCommand("SLOWLOG", "RESET")]
    public async ValueTask SlowLogResetAsync(CancellationToken cancellationToken = default) =>
        await SendArguments(new CommandArgumentList(ServerTokens.SlowLogReset), ServerParsers.Acknowledged, cancellationToken).ConfigureAwait(false);

    /// <summary>LATENCY LATEST: the latest spike of each event the latency monitor recorded.</summary>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>One entry per event; empty when the monitor is off or saw nothing.</returns>
    [RedisCommand("LATENCY", "LATEST")]
    public ValueTask<LatencyEvent[]> LatencyLatestAsync(CancellationToken cancellationToken = default) =>
        SendArguments(new CommandArgumentList(ServerTokens.LatencyLatest), LatencyLatestParser, cancellationToken);

    /// <summary>LATENCY HISTORY: the recorded spikes of one event, oldest first.</summary>
    /// <param name="eventName">The event, for example <c>command</c>.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The samples; empty when none.</returns>
    [RedisCommand("LATENCY", "HISTORY")]
    public ValueTask<LatencySample[]> LatencyHistoryAsync(string eventName, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(eventName);
        return SendArguments(new CommandArgumentList(ServerTokens.LatencyHistory).Add(eventName), LatencyHistoryParser, cancellationToken);
    }

    /// <summary>LATENCY RESET: forgets the recorded spikes of some or all events.</summary>
    /// <param name="eventNames">The events; null or empty for all.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>How many event histories were reset.</returns>
    [RedisCommand("LATENCY", "RESET")]
    public ValueTask<long> LatencyResetAsync(IReadOnlyList<string>? eventNames = null, CancellationToken cancellationToken = default)
    {
        var arguments = new CommandArgumentList(ServerTokens.LatencyReset);
        foreach (var name in eventNames ?? [])
        {
            ArgumentException.ThrowIfNullOrEmpty(name, nameof(eventNames));
            arguments.Add(name);
        }

        return SendArguments(arguments, ReplyParsers.Int64, cancellationToken);
    }

    /// <summary>MEMORY USAGE: how many bytes a key and its value take in memory.</summary>
    /// <param name="key">The key.</param>
    /// <param name="samples">How many nested values to sample for aggregate types (<c>SAMPLES</c>); 0 for all; null for the server's default (5).</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The byte count, or null when the key does not exist.</returns>
    [RedisCommand("MEMORY", "USAGE")]
    public ValueTask<long?> MemoryUsageAsync(RedisKey key, int? samples = null, CancellationToken cancellationToken = default)
    {
        ThrowIfNull(key);
        ArgumentOutOfRangeException.ThrowIfNegative(samples ?? 0, nameof(samples));
        var arguments = new CommandArgumentList(ServerTokens.MemoryUsage).AddKey(key);
        if (samples is { } count)
        {
            arguments.Add(ServerTokens.Samples, count);
        }

        return SendArguments(arguments, ReplyParsers.NullableInt64, cancellationToken);
    }

    /// <summary>MEMORY STATS: the server's memory report.</summary>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>Each field (<c>peak.allocated</c>, <c>total.allocated</c>, <c>dataset.bytes</c>, <c>db.0</c>, …) and its value (numbers, or maps for databases).</returns>
    [RedisCommand("MEMORY", "STATS")]
    public ValueTask<Dictionary<string, RedisResult>> MemoryStatsAsync(CancellationToken cancellationToken = default) =>
        SendArguments(new CommandArgumentList(ServerTokens.MemoryStats), ResultMapParser, cancellationToken);

    /// <summary>COMMAND COUNT: how many commands the server has.</summary>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The count.</returns>
    [RedisCommand("COMMAND", "COUNT")]
    public ValueTask<long> CommandCountAsync(CancellationToken cancellationToken = default) =>
        SendArguments(new CommandArgumentList(ServerTokens.CommandCount), ReplyParsers.Int64, cancellationToken);

    /// <summary>COMMAND INFO: details of the named commands.</summary>
    /// <param name="commandNames">The command names (at least one; case-insensitive).</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>One entry per name, in order; null for a name the server does not know.</returns>
    [RedisCommand("COMMAND", "INFO")]
    public ValueTask<CommandInfo?[]> CommandInfoAsync(IReadOnlyList<string> commandNames, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(commandNames);
        if (commandNames.Count == 0)
        {
            throw new ArgumentException("COMMAND INFO needs at least one command name.", nameof(commandNames));
        }

        var arguments = new CommandArgumentList(ServerTokens.CommandInfo);
        foreach (var name in commandNames)
        {
            ArgumentException.ThrowIfNullOrEmpty(name, nameof(commandNames));
            arguments.Add(name);
        }

        return SendArguments(arguments, CommandInfoParser, cancellationToken);
    }

    /// <summary>COMMAND LIST: the names of the server's commands, subcommands included (<c>config|get</c>).</summary>
    /// <param name="pattern">Only names matching this glob pattern (<c>FILTERBY PATTERN</c>); null for all.</param>
    /// <param name="aclCategory">Only commands in this ACL category (<c>FILTERBY ACLCAT</c>); not with <paramref name="pattern"/>.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The names, lower case.</returns>
    [RedisCommand("COMMAND", "LIST")]
    public ValueTask<string[]> CommandListAsync(string? pattern = null, string? aclCategory = null, CancellationToken cancellationToken = default)
    {
        if (pattern is not null && aclCategory is not null)
        {
            throw new ArgumentException("COMMAND LIST takes one filter: a pattern or an ACL category, not both.", nameof(aclCategory));
        }

        var arguments = new CommandArgumentList(ServerTokens.CommandList);
        if (pattern is not null)
        {
            arguments.Add(ServerTokens.Filterby).Add(ServerTokens.Pattern, pattern);
        }
        else if (aclCategory is not null)
        {
            arguments.Add(ServerTokens.Filterby).Add(ServerTokens.AclCatKeyword, aclCategory);
        }

        return SendArguments(arguments, ServerParsers.StringArray, cancellationToken);
    }

    /// <summary>COMMAND DOCS: the documentation of the named commands (Redis 7.0+).</summary>
    /// <param name="commandNames">The names; null or empty for every command.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>Each known command's name and its documentation map (<c>summary</c>, <c>since</c>, <c>group</c>, <c>arguments</c>, …); unknown names are left out.</returns>
    [RedisCommand("COMMAND", "DOCS")]
    public ValueTask<Dictionary<string, RedisResult>> CommandDocsAsync(IReadOnlyList<string>? commandNames = null, CancellationToken cancellationToken = default)
    {
        var arguments = new CommandArgumentList(ServerTokens.CommandDocs);
        foreach (var name in commandNames ?? [])
        {
            ArgumentException.ThrowIfNullOrEmpty(name, nameof(commandNames));
            arguments.Add(name);
        }

        return SendArguments(arguments, ResultMapParser, cancellationToken);
    }
}
