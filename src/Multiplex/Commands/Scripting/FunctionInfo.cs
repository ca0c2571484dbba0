namespace Multiplex;

/// <summary>One function of a library, as FUNCTION LIST describes it.</summary>
/// <param name="Name">The function's name (what FCALL takes).</param>
/// <param name="Description">Its description, or null when the library gave none.</param>
/// <param name="Flags">Its flags (for example <c>no-writes</c>); empty when none.</param>
public sealed record FunctionInfo(string Name, string? Description, IReadOnlyList<string> Flags)
{
    internal static FunctionInfo FromResult(RedisResult result)
    {
        var fields = result.ToDictionary();
        var flags = fields.TryGetValue("flags", out var list) && list.IsAggregate
            ? list.Elements.Select(flag => (string?)flag ?? string.Empty).ToArray()
            : [];
        return new FunctionInfo(FunctionLibrary.Text(fields, "name") ?? string.Empty, FunctionLibrary.Text(fields, "description"), flags);
    }
}
