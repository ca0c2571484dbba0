namespace Multiplex;

/// <summary>A loaded module, from MODULE LIST.</summary>
/// <param name="Name">The module's name.</param>
/// <param name="Version">Its version number.</param>
/// <param name="Path">The file it was loaded from; empty on servers that omit it.</param>
/// <param name="Arguments">The arguments it was loaded with.</param>
public sealed record ModuleInfo(string Name, long Version, string Path, IReadOnlyList<string> Arguments)
{
    internal static ModuleInfo FromResult(RedisResult result)
    {
        var fields = result.ToDictionary();
        string Text(string name) => fields.TryGetValue(name, out var value) && !value.IsAggregate ? (string?)value ?? string.Empty : string.Empty;
        return new ModuleInfo(
            Text("name"),
            fields.TryGetValue("ver", out var version) ? (long)version : 0,
            Text("path"),
            fields.TryGetValue("args", out var args) ? args.Elements.Select(a => (string?)a ?? string.Empty).ToArray() : []);
    }
}
