namespace Multiplex;

/// <summary>What COMMAND INFO says about one command.</summary>
/// <param name="Name">The command's name, lower case (<c>get</c>).</param>
/// <param name="Arity">The argument count including the name; negative means "at least" that many.</param>
/// <param name="Flags">The command's flags (<c>readonly</c>, <c>write</c>, <c>fast</c>, …).</param>
/// <param name="FirstKey">The position of the first key argument; 0 when it takes no key.</param>
/// <param name="LastKey">The position of the last key argument; negative counts from the end.</param>
/// <param name="Step">The step between key arguments.</param>
/// <param name="AclCategories">Its ACL categories (<c>@read</c>, <c>@string</c>, …).</param>
/// <param name="Subcommands">The names of its subcommands (<c>config|get</c>, …); empty for a plain command.</param>
public sealed record CommandInfo(
    string Name,
    int Arity,
    IReadOnlyList<string> Flags,
    int FirstKey,
    int LastKey,
    int Step,
    IReadOnlyList<string> AclCategories,
    IReadOnlyList<string> Subcommands)
{
    // Positions in the COMMAND INFO reply (https://redis.io/docs/latest/commands/command/).
    private const int CategoriesIndex = 6;
    private const int SubcommandsIndex = 9;

    internal static CommandInfo? FromResult(RedisResult result)
    {
        if (result.IsNull)
        {
            return null;
        }

        return new CommandInfo(
            (string?)result[0] ?? string.Empty,
            (int)(long)result[1],
            Texts(result[2]),
            (int)(long)result[3],
            (int)(long)result[4],
            (int)(long)result[5],
            result.Count > CategoriesIndex ? Texts(result[CategoriesIndex]) : [],
            result.Count > SubcommandsIndex ? result[SubcommandsIndex].Elements.Select(s => (string?)s[0] ?? string.Empty).ToArray() : []);
    }

    private static string[] Texts(RedisResult list) => list.Elements.Select(item => (string?)item ?? string.Empty).ToArray();
}
