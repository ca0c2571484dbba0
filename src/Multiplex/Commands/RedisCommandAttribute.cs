namespace Multiplex.Commands;

/// <summary>
/// Names the Redis command (and subcommand) a typed client method sends, where the method name alone
/// does not say it (<c>ClientListAsync</c> sends <c>CLIENT LIST</c>, <c>EvalRoAsync</c> sends
/// <c>EVAL_RO</c>). The command-coverage test reads it; methods without it are mapped by name.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true, Inherited = false)]
internal sealed class RedisCommandAttribute(string command, string? subcommand = null) : Attribute
{
    /// <summary>The top-level command, upper case (for example <c>CLIENT</c>).</summary>
    public string Command { get; } = command;

    /// <summary>The subcommand, upper case (for example <c>LIST</c>), or null.</summary>
    public string? Subcommand { get; } = subcommand;
}
