namespace Multiplex;

/// <summary>One command the server executed, as MONITOR reports it.</summary>
/// <param name="Timestamp">When the server executed it (microsecond precision).</param>
/// <param name="Database">The database the command ran against.</param>
/// <param name="ClientAddress">Who sent it: <c>ip:port</c>, <c>unix:/path</c>, or <c>lua</c> for a command run by a script.</param>
/// <param name="Arguments">The command name (as the client spelled it) followed by its arguments.</param>
public sealed record MonitorEntry(DateTimeOffset Timestamp, int Database, string ClientAddress, RedisValue[] Arguments)
{
    /// <summary>The command name, upper case (for example <c>SET</c>).</summary>
    public string Command => Arguments.Length == 0 ? string.Empty : (((string?)Arguments[0]) ?? string.Empty).ToUpperInvariant();
}
