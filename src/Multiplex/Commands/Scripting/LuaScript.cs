using System.Security.Cryptography;
using System.Text;

namespace Multiplex;

/// <summary>
/// A Lua script known by its SHA1 digest. <see cref="RedisCommands.EvalAsync(LuaScript, IReadOnlyList{RedisKey}?, IReadOnlyList{RedisValue}?, CancellationToken)"/>
/// sends EVALSHA, so the source crosses the network only when the server does not have it cached:
/// on a NOSCRIPT error the script is sent once with EVAL, which also caches it. Create one per script
/// and keep it (it is immutable and thread-safe).
/// </summary>
public sealed class LuaScript
{
    /// <summary>Creates a script from its Lua source.</summary>
    /// <param name="source">The Lua source (not empty).</param>
    /// <exception cref="ArgumentException">The source is null or empty.</exception>
    public LuaScript(string source)
    {
        ArgumentException.ThrowIfNullOrEmpty(source);
        Source = source;
        Sha1 = Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(source)));
    }

    /// <summary>The Lua source.</summary>
    public string Source { get; }

    /// <summary>
    /// Prepares a script whose arguments are named (<c>@name</c>) and bound from an object's members when
    /// it runs: see <see cref="PreparedLuaScript"/>.
    /// </summary>
    /// <param name="source">The Lua source with <c>@name</c> parameters (not empty).</param>
    /// <returns>The prepared script; keep it and run it as often as needed.</returns>
    /// <exception cref="ArgumentException">The source is null or empty.</exception>
    public static PreparedLuaScript Prepare(string source) => new(source);

    /// <summary>The SHA1 digest of the source's UTF-8 bytes, 40 lower-case hex digits, as SCRIPT LOAD returns it.</summary>
    public string Sha1 { get; }

    /// <summary>Runs the script: see <see cref="RedisCommands.EvalAsync(LuaScript, IReadOnlyList{RedisKey}?, IReadOnlyList{RedisValue}?, CancellationToken)"/>.</summary>
    /// <param name="client">The client to run it on.</param>
    /// <param name="keys">The keys (KEYS in the script); null or empty for none.</param>
    /// <param name="args">The other arguments (ARGV); null or empty for none.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The script's reply.</returns>
    public ValueTask<RedisResult> EvaluateAsync(RedisCommands client, IReadOnlyList<RedisKey>? keys = null, IReadOnlyList<RedisValue>? args = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        return client.EvalAsync(this, keys, args, cancellationToken);
    }

    /// <inheritdoc />
    public override string ToString() => $"LuaScript {Sha1}";
}
