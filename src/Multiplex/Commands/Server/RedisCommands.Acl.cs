using Multiplex.Commands;

namespace Multiplex;

/// <summary>ACL commands: SETUSER, DELUSER, GETUSER, LIST, USERS, WHOAMI, CAT, LOG.</summary>
public abstract partial class RedisCommands
{
    private static readonly ReplyParser<AclUserInfo?> AclGetUserParser = ServerParsers.FromResult(AclUserInfo.FromResult);
    private static readonly ReplyParser<AclLogEntry[]> AclLogParser = ServerParsers.FromResult(r => r.Elements.Select(AclLogEntry.FromResult).ToArray());

    /// <summary>ACL SETUSER: creates a user or changes its rules. Admin.</summary>
    /// <param name="userName">The user.</param>
    /// <param name="rules">ACL rules applied in order, for example <c>on</c>, <c>&gt;password</c>, <c>~cache:*</c>, <c>+get</c>; none creates a disabled user with no rights.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>A task that completes when applied; an invalid rule throws <see cref="RedisServerException"/> and nothing changes.</returns>
    /// <exception cref="InvalidOperationException">Admin commands are not allowed.</exception>
    [RedisCommand("ACL", "SETUSER")]
    public ValueTask AclSetUserAsync(string userName, IReadOnlyList<string>? rules = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(userName);
        var arguments = new CommandArgumentList(ServerTokens.AclSetUser).Add(userName);
        foreach (var rule in rules ?? [])
        {
            ArgumentException.ThrowIfNullOrEmpty(rule, nameof(rules));
            arguments.Add(rule);
        }

        return SendAdmin(arguments, cancellationToken);
    }

    /// <summary>ACL DELUSER: deletes users and disconnects their connections. Admin.</summary>
    /// <param name="userNames">The users (at least one).</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>How many of them existed.</returns>
    /// <exception cref="InvalidOperationException">Admin commands are not allowed.</exception>
    [RedisCommand("ACL", "DELUSER")]
    public ValueTask<long> AclDelUserAsync(IReadOnlyList<string> userNames, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(userNames);
        if (userNames.Count == 0)
        {
            throw new ArgumentException("ACL DELUSER needs at least one user name.", nameof(userNames));
        }

        var arguments = new CommandArgumentList(ServerTokens.AclDelUser);
        foreach (var name in userNames)
        {
            ArgumentException.ThrowIfNullOrEmpty(name, nameof(userNames));
            arguments.Add(name);
        }

        return SendArguments(arguments, ReplyParsers.Int64, cancellationToken);
    }

    /// <summary>ACL GETUSER: a user's rules.</summary>
    /// <param name="userName">The user.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The rules, or null when the user does not exist.</returns>
    [RedisCommand("ACL", "GETUSER")]
    public ValueTask<AclUserInfo?> AclGetUserAsync(string userName, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(userName);
        return SendArguments(new CommandArgumentList(ServerTokens.AclGetUser).Add(userName), AclGetUserParser, cancellationToken);
    }

    /// <summary>ACL LIST: every user's rules, one line per user, as in an ACL file.</summary>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The lines (<c>user default on nopass ~* &amp;* +@all</c>, …).</returns>
    [RedisCommand("ACL", "LIST")]
    public ValueTask<string[]> AclListAsync(CancellationToken cancellationToken = default) =>
        SendArguments(new CommandArgumentList(ServerTokens.AclList), ServerParsers.StringArray, cancellationToken);

    /// <summary>ACL USERS: the names of every user.</summary>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The names.</returns>
    [RedisCommand("ACL", "USERS")]
    public ValueTask<string[]> AclUsersAsync(CancellationToken cancellationToken = default) =>
        SendArguments(new CommandArgumentList(ServerTokens.AclUsers), ServerParsers.StringArray, cancellationToken);

    /// <summary>ACL WHOAMI: the user the connection that carries this command is authenticated as.</summary>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The user name.</returns>
    [RedisCommand("ACL", "WHOAMI")]
    public async ValueTask<string> AclWhoAmIAsync(CancellationToken cancellationToken = default) =>
        await SendArguments(new CommandArgumentList(ServerTokens.AclWhoAmI), ReplyParsers.String, cancellationToken).ConfigureAwait(false) ?? string.Empty;

    /// <summary>ACL CAT: the ACL categories, or the commands in one category.</summary>
    /// <param name="category">A category (for example <c>string</c>) to list its commands; null to list the categories.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The category names, or the category's command names.</returns>
    [RedisCommand("ACL", "CAT")]
    public ValueTask<string[]> AclCatAsync(string? category = null, CancellationToken cancellationToken = default)
    {
        var arguments = new CommandArgumentList(ServerTokens.AclCat);
        if (category is not null)
        {
            ArgumentException.ThrowIfNullOrEmpty(category);
            arguments.Add(category);
        }

        return SendArguments(arguments, ServerParsers.StringArray, cancellationToken);
    }

    /// <summary>ACL LOG: the most recent refused commands and authentications, newest first.</summary>
    /// <param name="count">How many entries; null for the server's default (10).</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The entries; empty when none.</returns>
    [RedisCommand("ACL", "LOG")]
    public ValueTask<AclLogEntry[]> AclLogAsync(int? count = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count ?? 0, nameof(count));
        var arguments = new CommandArgumentList(ServerTokens.AclLog);
        if (count is { } number)
        {
            arguments.Add(number);
        }

        return SendArguments(arguments, AclLogParser, cancellationToken);
    }

    /// <summary>ACL LOG RESET: empties the ACL log.</summary>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>A task that completes when emptied.</returns>
    [RedisCommand("ACL", "LOG")]
    public async ValueTask AclLogResetAsync(CancellationToken cancellationToken = default) =>
        await SendArguments(new CommandArgumentList(ServerTokens.AclLog).Add(ServerTokens.Reset), ServerParsers.Acknowledged, cancellationToken).ConfigureAwait(false);
}
