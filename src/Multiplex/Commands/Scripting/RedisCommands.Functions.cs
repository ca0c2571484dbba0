using Multiplex.Commands;

namespace Multiplex;

/// <summary>Redis functions (7.0+): FUNCTION LOAD/LIST/DELETE/FLUSH/DUMP/RESTORE, FCALL and FCALL_RO.</summary>
public abstract partial class RedisCommands
{
    private static readonly ReplyParser<FunctionLibrary[]> FunctionListParser =
        ServerParsers.FromResult(result => result.Elements.Select(FunctionLibrary.FromResult).ToArray());

    /// <summary>FUNCTION LOAD: loads a library (source starting with <c>#!lua name=…</c>).</summary>
    /// <param name="code">The library source.</param>
    /// <param name="replace">Replace a library of the same name (<c>REPLACE</c>) instead of failing.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The library's name.</returns>
    [RedisCommand("FUNCTION", "LOAD")]
    public async ValueTask<string> FunctionLoadAsync(string code, bool replace = false, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(code);
        var arguments = new CommandArgumentList(ScriptingTokens.FunctionLoad);
        if (replace)
        {
            arguments.Add(ScriptingTokens.Replace);
        }

        arguments.Add(code);
        return await SendArguments(arguments, ReplyParsers.String, cancellationToken).ConfigureAwait(false) ?? string.Empty;
    }

    /// <summary>FUNCTION LIST: the loaded libraries and their functions.</summary>
    /// <param name="libraryNamePattern">Only libraries whose name matches this glob pattern (<c>LIBRARYNAME</c>); null for all.</param>
    /// <param name="withCode">Include each library's source (<c>WITHCODE</c>).</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The libraries; empty when none match.</returns>
    [RedisCommand("FUNCTION", "LIST")]
    public ValueTask<FunctionLibrary[]> FunctionListAsync(string? libraryNamePattern = null, bool withCode = false, CancellationToken cancellationToken = default)
    {
        var arguments = new CommandArgumentList(ScriptingTokens.FunctionList);
        if (libraryNamePattern is not null)
        {
            arguments.Add(ScriptingTokens.LibraryName, libraryNamePattern);
        }

        if (withCode)
        {
            arguments.Add(ScriptingTokens.WithCode);
        }

        return SendArguments(arguments, FunctionListParser, cancellationToken);
    }

    /// <summary>FUNCTION DELETE: deletes a library and its functions.</summary>
    /// <param name="libraryName">The library's name.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>A task that completes when deleted; a missing library throws <see cref="RedisServerException"/>.</returns>
    [RedisCommand("FUNCTION", "DELETE")]
    public async ValueTask FunctionDeleteAsync(string libraryName, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(libraryName);
        var arguments = new CommandArgumentList(ScriptingTokens.FunctionDelete).Add(libraryName);
        await SendArguments(arguments, ServerParsers.Acknowledged, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>FUNCTION FLUSH: deletes every library. An admin command: needs <see cref="RedisClientOptions.AllowAdminCommands"/>.</summary>
    /// <param name="mode">Free memory in the background or before replying.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>A task that completes when the server has replied.</returns>
    /// <exception cref="InvalidOperationException">Admin commands are not allowed.</exception>
    [RedisCommand("FUNCTION", "FLUSH")]
    public async ValueTask FunctionFlushAsync(FlushMode mode = FlushMode.Default, CancellationToken cancellationToken = default)
    {
        var arguments = AddFlushMode(new CommandArgumentList(ScriptingTokens.FunctionFlush), mode);
        await SendArguments(arguments, ServerParsers.Acknowledged, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>FUNCTION DUMP: every loaded library as an opaque payload for FUNCTION RESTORE.</summary>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The payload.</returns>
    [RedisCommand("FUNCTION", "DUMP")]
    public async ValueTask<byte[]> FunctionDumpAsync(CancellationToken cancellationToken = default)
    {
        var arguments = new CommandArgumentList(ScriptingTokens.FunctionDump);
        return (byte[]?)await SendArguments(arguments, ReplyParsers.Value, cancellationToken).ConfigureAwait(false) ?? [];
    }

    /// <summary>FUNCTION RESTORE: loads libraries from a FUNCTION DUMP payload. An admin command: needs <see cref="RedisClientOptions.AllowAdminCommands"/>.</summary>
    /// <param name="payload">The payload FUNCTION DUMP returned.</param>
    /// <param name="policy">What to do with existing libraries.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>A task that completes when restored; a name clash under <see cref="FunctionRestorePolicy.Append"/> throws <see cref="RedisServerException"/>.</returns>
    /// <exception cref="InvalidOperationException">Admin commands are not allowed.</exception>
    [RedisCommand("FUNCTION", "RESTORE")]
    public async ValueTask FunctionRestoreAsync(byte[] payload, FunctionRestorePolicy policy = FunctionRestorePolicy.Append, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(payload);
        var arguments = new CommandArgumentList(ScriptingTokens.FunctionRestore).Add(payload).Add(policy switch
        {
            FunctionRestorePolicy.Append => ScriptingTokens.Append,
            FunctionRestorePolicy.Flush => ScriptingTokens.Flush,
            FunctionRestorePolicy.Replace => ScriptingTokens.Replace,
            _ => throw new ArgumentOutOfRangeException(nameof(policy), policy, "Unknown restore policy."),
        });
        await SendArguments(arguments, ServerParsers.Acknowledged, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>FCALL: calls a loaded function.</summary>
    /// <param name="function">The function's name.</param>
    /// <param name="keys">The keys it touches; null or empty for none. The command is routed by the first.</param>
    /// <param name="args">The other arguments; null or empty for none.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The function's reply; an unknown function or a runtime error throws <see cref="RedisServerException"/>.</returns>
    public ValueTask<RedisResult> FCallAsync(string function, IReadOnlyList<RedisKey>? keys = null, IReadOnlyList<RedisValue>? args = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(function);
        return SendScript(ScriptingTokens.FCall, function, keys, args, cancellationToken);
    }

    /// <summary>FCALL_RO: calls a function flagged <c>no-writes</c>, so it can run on a replica.</summary>
    /// <param name="function">The function's name.</param>
    /// <param name="keys">The keys it touches; null or empty for none.</param>
    /// <param name="args">The other arguments; null or empty for none.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The function's reply; a function without <c>no-writes</c> throws <see cref="RedisServerException"/>.</returns>
    [RedisCommand("FCALL_RO")]
    public ValueTask<RedisResult> FCallRoAsync(string function, IReadOnlyList<RedisKey>? keys = null, IReadOnlyList<RedisValue>? args = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(function);
        return SendScript(ScriptingTokens.FCallRo, function, keys, args, cancellationToken);
    }
}
