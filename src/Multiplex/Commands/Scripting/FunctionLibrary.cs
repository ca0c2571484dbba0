namespace Multiplex;

/// <summary>A function library, as FUNCTION LIST describes it.</summary>
/// <param name="Name">The library's name.</param>
/// <param name="Engine">The engine that runs it (<c>LUA</c>).</param>
/// <param name="Functions">The functions it registers.</param>
/// <param name="Code">The library's source; null unless asked for with <c>withCode</c>.</param>
public sealed record FunctionLibrary(string Name, string Engine, IReadOnlyList<FunctionInfo> Functions, string? Code)
{
    internal static FunctionLibrary FromResult(RedisResult result)
    {
        var fields = result.ToDictionary();
        var functions = fields.TryGetValue("functions", out var list) && list.IsAggregate
            ? list.Elements.Select(FunctionInfo.FromResult).ToArray()
            : [];
        return new FunctionLibrary(
            Text(fields, "library_name") ?? string.Empty,
            Text(fields, "engine") ?? string.Empty,
            functions,
            Text(fields, "library_code"));
    }

    internal static string? Text(Dictionary<string, RedisResult> fields, string name) =>
        fields.TryGetValue(name, out var value) && !value.IsAggregate ? (string?)value : null;
}
