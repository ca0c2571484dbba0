using System.Text;

namespace Multiplex.Tests.Topology.Cluster;

/// <summary>Keys for property tests: plain ones, ones sharing a few hash tags, empty and unclosed tags, repeats.</summary>
internal static class RandomKeys
{
    private const int MaxLength = 12;

    private static readonly string[] Tags = ["{user}", "{cart}", "{}", "{", "}{x}"];

    private static readonly string Alphabet = "abcxyz019:_-é{}";

    public static string[] Create(Random random, int count)
    {
        var keys = new string[count];
        for (var i = 0; i < count; i++)
        {
            keys[i] = random.Next(10) switch
            {
                0 when i > 0 => keys[random.Next(i)],
                < 4 => Tags[random.Next(Tags.Length)] + Text(random),
                _ => Text(random),
            };
        }

        return keys;
    }

    private static string Text(Random random)
    {
        var builder = new StringBuilder();
        for (var length = random.Next(1, MaxLength); length > 0; length--)
        {
            builder.Append(Alphabet[random.Next(Alphabet.Length)]);
        }

        return builder.ToString();
    }
}
