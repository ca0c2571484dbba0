namespace Multiplex;

/// <summary>An ACL user's rules, from ACL GETUSER.</summary>
/// <param name="Flags">The user's flags (<c>on</c>/<c>off</c>, <c>nopass</c>, …).</param>
/// <param name="PasswordHashes">The SHA-256 hashes of the user's passwords.</param>
/// <param name="Commands">The command rules, for example <c>+@all -debug</c>.</param>
/// <param name="Keys">The key patterns (<c>~*</c>, <c>%R~cache:*</c>); empty when none.</param>
/// <param name="Channels">The pub/sub channel patterns (<c>&amp;*</c>); empty when none.</param>
/// <param name="Fields">Every field of the reply, for fields not modelled here (such as <c>selectors</c>).</param>
public sealed record AclUserInfo(
    IReadOnlyList<string> Flags,
    IReadOnlyList<string> PasswordHashes,
    string Commands,
    string Keys,
    string Channels,
    IReadOnlyDictionary<string, RedisResult> Fields)
{
    internal static AclUserInfo? FromResult(RedisResult result)
    {
        if (result.IsNull)
        {
            return null;
        }

        var fields = result.ToDictionary();
        return new AclUserInfo(List(fields, "flags"), List(fields, "passwords"), Text(fields, "commands"), Text(fields, "keys"), Text(fields, "channels"), fields);
    }

    private static string[] List(Dictionary<string, RedisResult> fields, string name) =>
        fields.TryGetValue(name, out var list) ? list.Elements.Select(item => (string?)item ?? string.Empty).ToArray() : [];

    // Before Redis 7.0 keys and channels were lists of patterns; joined with spaces they read as 7.0's text.
    private static string Text(Dictionary<string, RedisResult> fields, string name) =>
        !fields.TryGetValue(name, out var value) ? string.Empty
        : value.IsAggregate ? string.Join(' ', value.Elements.Select(item => (string?)item))
        : (string?)value ?? string.Empty;
}
