using System.Globalization;

namespace Multiplex;

/// <summary>One entry of ACL LOG: a command or authentication that the ACL rules refused.</summary>
/// <param name="Count">How many times the same event happened (similar events are merged).</param>
/// <param name="Reason">Why: <c>command</c>, <c>key</c>, <c>channel</c> or <c>auth</c>.</param>
/// <param name="Context">Where: <c>toplevel</c>, <c>multi</c>, <c>lua</c> or <c>module</c>.</param>
/// <param name="Object">The command, key or channel refused.</param>
/// <param name="Username">The user.</param>
/// <param name="Age">How long ago the latest occurrence was.</param>
/// <param name="ClientInfo">The client, in CLIENT LIST format.</param>
/// <param name="Fields">Every field of the entry, for fields not modelled here (<c>entry-id</c>, …).</param>
public sealed record AclLogEntry(
    long Count,
    string Reason,
    string Context,
    string Object,
    string Username,
    TimeSpan Age,
    string ClientInfo,
    IReadOnlyDictionary<string, RedisResult> Fields)
{
    internal static AclLogEntry FromResult(RedisResult result)
    {
        var fields = result.ToDictionary();
        string Text(string name) => fields.TryGetValue(name, out var value) ? (string?)value ?? string.Empty : string.Empty;
        var age = double.Parse(Text("age-seconds") is { Length: > 0 } seconds ? seconds : "0", CultureInfo.InvariantCulture);
        return new AclLogEntry(
            fields.TryGetValue("count", out var count) ? (long)count : 0,
            Text("reason"),
            Text("context"),
            Text("object"),
            Text("username"),
            TimeSpan.FromSeconds(age),
            Text("client-info"),
            fields);
    }
}
