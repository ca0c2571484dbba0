using Multiplex.Commands;

namespace Multiplex;

/// <summary>Lua scripting: EVAL, EVALSHA, their read-only forms, and SCRIPT LOAD/EXISTS/FLUSH.</summary>
public abstract partial class RedisCommands
{
    /// <summary>EVAL: runs a Lua script.</summary>
    /// <param name="script">The Lua source.</param>
    /// <param name="keys">The keys the script touches (KEYS); null or empty for none. The command is routed by the first.</param>
    /// <param name="args">The other arguments (ARGV); null or empty for none.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The script's reply; a Lua error is thrown as <see cref="RedisServerException"/>.</returns>
    [RedisCommand("EVAL")]
    public ValueTask<RedisResult> EvalAsync(string script, IReadOnlyList<RedisKey>? keys = null, IReadOnlyList<RedisValue>? args = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(script);
        return SendScript(ScriptingTokens.Eval, script, keys, args, cancellationToken);
    }

    /// <summary>EVALSHA: runs a script the server has cached, by its SHA1 digest.</summary>
    /// <param name="sha1">The digest SCRIPT LOAD returned.</param>
    /// <param name="keys">The keys (KEYS); null or empty for none.</param>
    /// <param name="args">The other arguments (ARGV); null or empty for none.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The script's reply. A script the server does not know throws <see cref="RedisServerException"/> with <see cref="ServerErrorKind.NoScript"/>.</returns>
    [RedisCommand("EVALSHA")]
    public ValueTask<RedisResult> EvalShaAsync(string sha1, IReadOnlyList<RedisKey>? keys = null, IReadOnlyList<RedisValue>? args = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(sha1);
        return SendScript(ScriptingTokens.EvalSha, sha1, keys, args, cancellationToken);
    }

    /// <summary>EVAL_RO: runs a Lua script that may not write (Redis 7.0+), so it can run on a replica.</summary>
    /// <param name="script">The Lua source.</param>
    /// <param name="keys">The keys (KEYS); null or empty for none.</param>
    /// <param name="args">The other arguments (ARGV); null or empty for none.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The script's reply; a script that writes fails with <see cref="RedisServerException"/>.</returns>
    [RedisCommand("EVAL_RO")]
    public ValueTask<RedisResult> EvalRoAsync(string script, IReadOnlyList<RedisKey>? keys = null, IReadOnlyList<RedisValue>? args = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(script);
        return SendScript(ScriptingTokens.EvalRo, script, keys, args, cancellationToken);
    }

    /// <summary>EVALSHA_RO: runs a cached read-only script by its SHA1 digest (Redis 7.0+).</summary>
    /// <param name="sha1">The digest SCRIPT LOAD returned.</param>
    /// <param name="keys">The keys (KEYS); null or empty for none.</param>
    /// <param name="args">The other arguments (ARGV); null or empty for none.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The script's reply; an unknown digest throws with <see cref="ServerErrorKind.NoScript"/>.</returns>
    [RedisCommand("EVALSHA_RO")]
    public ValueTask<RedisResult> EvalShaRoAsync(string sha1, IReadOnlyList<RedisKey>? keys = null, IReadOnlyList<RedisValue>? args = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(sha1);
        return SendScript(ScriptingTokens.EvalShaRo, sha1, keys, args, cancellationToken);
    }

    /// <summary>
    /// Runs <paramref name="script"/> with EVALSHA; when the server answers NOSCRIPT (its script cache
    /// was flushed, or this is a new server after a failover) the source is sent once with EVAL. In a
    /// batch or a transaction, whose commands are all sent before any reply is read, the source is sent
    /// with EVAL at once, so the script runs whatever the server's cache holds.
    /// </summary>
    /// <param name="script">The script.</param>
    /// <param name="keys">The keys (KEYS); null or empty for none.</param>
    /// <param name="args">The other arguments (ARGV); null or empty for none.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The script's reply.</returns>
    [RedisCommand("EVALSHA")]
    public ValueTask<RedisResult> EvalAsync(LuaScript script, IReadOnlyList<RedisKey>? keys = null, IReadOnlyList<RedisValue>? args = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(script);
        return QueuesCommands
            ? SendScript(ScriptingTokens.Eval, script.Source, keys, args, cancellationToken)
            : EvalWithFallbackAsync(script, keys, args, cancellationToken);
    }

    /// <summary>SCRIPT LOAD: caches a script on the server without running it.</summary>
    /// <param name="script">The Lua source.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The script's SHA1 digest (40 lower-case hex digits), for EVALSHA.</returns>
    [RedisCommand("SCRIPT", "LOAD")]
    public async ValueTask<string> ScriptLoadAsync(string script, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(script);
        var arguments = new CommandArgumentList(ScriptingTokens.ScriptLoad).Add(script);
        return await SendArguments(arguments, ReplyParsers.String, cancellationToken).ConfigureAwait(false) ?? string.Empty;
    }

    /// <summary>SCRIPT EXISTS: which of the digests the server has cached.</summary>
    /// <param name="sha1s">The SHA1 digests (at least one).</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>One flag per digest, in order: true when cached.</returns>
    [RedisCommand("SCRIPT", "EXISTS")]
    public ValueTask<bool[]> ScriptExistsAsync(IReadOnlyList<string> sha1s, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sha1s);
        if (sha1s.Count == 0)
        {
            throw new ArgumentException("SCRIPT EXISTS needs at least one digest.", nameof(sha1s));
        }

        var arguments = new CommandArgumentList(ScriptingTokens.ScriptExists);
        foreach (var sha1 in sha1s)
        {
            ArgumentException.ThrowIfNullOrEmpty(sha1, nameof(sha1s));
            arguments.Add(sha1);
        }

        return SendArguments(arguments, ServerParsers.BooleanArray, cancellationToken);
    }

    /// <summary>SCRIPT FLUSH: empties the server's script cache. An admin command: needs <see cref="RedisClientOptions.AllowAdminCommands"/>.</summary>
    /// <param name="mode">Free the cache in the background or before replying.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>A task that completes when the server has replied.</returns>
    /// <exception cref="InvalidOperationException">Admin commands are not allowed.</exception>
    [RedisCommand("SCRIPT", "FLUSH")]
    public async ValueTask ScriptFlushAsync(FlushMode mode = FlushMode.Default, CancellationToken cancellationToken = default)
    {
        var arguments = AddFlushMode(new CommandArgumentList(ScriptingTokens.ScriptFlush), mode);
        await SendArguments(arguments, ReplyParsers.Boolean, cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask<RedisResult> EvalWithFallbackAsync(LuaScript script, IReadOnlyList<RedisKey>? keys, IReadOnlyList<RedisValue>? args, CancellationToken cancellationToken)
    {
        try
        {
            return await SendScript(ScriptingTokens.EvalSha, script.Sha1, keys, args, cancellationToken).ConfigureAwait(false);
        }
        catch (RedisServerException exception) when (exception.Kind == ServerErrorKind.NoScript)
        {
            return await SendScript(ScriptingTokens.Eval, script.Source, keys, args, cancellationToken).ConfigureAwait(false);
        }
    }

    private ValueTask<RedisResult> SendScript(CommandSpec token, string scriptOrSha, IReadOnlyList<RedisKey>? keys, IReadOnlyList<RedisValue>? args, CancellationToken cancellationToken)
    {
        var arguments = new CommandArgumentList(token).Add(scriptOrSha);
        AddKeysAndArgs(arguments, keys, args);
        return SendArguments(arguments, ReplyParsers.Result, cancellationToken);
    }

    /// <summary>Adds <c>numkeys key… arg…</c>, as EVAL and FCALL take them.</summary>
    private static void AddKeysAndArgs(CommandArgumentList arguments, IReadOnlyList<RedisKey>? keys, IReadOnlyList<RedisValue>? args)
    {
        arguments.Add(keys?.Count ?? 0);
        foreach (var key in keys ?? [])
        {
            ThrowIfNull(key);
            arguments.AddKey(key);
        }

        foreach (var arg in args ?? [])
        {
            if (arg.IsNull)
            {
                throw new ArgumentException($"{arguments.Command.Name} got a null argument; Redis has no null argument.", nameof(args));
            }

            arguments.Add(arg);
        }
    }
}
