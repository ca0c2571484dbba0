namespace Multiplex.Views;

/// <summary>
/// Literal text at the head of a Redis glob pattern (KEYS, SCAN MATCH, PSUBSCRIBE): the server's
/// <c>stringmatchlen</c> gives <c>*</c>, <c>?</c>, <c>[</c>, <c>]</c> and <c>\</c> a meaning, and a
/// backslash before any of them makes it match itself.
/// </summary>
internal static class GlobPattern
{
    /// <summary><paramref name="literal"/> with every glob character escaped.</summary>
    public static byte[] Escape(ReadOnlySpan<byte> literal)
    {
        var specials = 0;
        foreach (var b in literal)
        {
            specials += IsSpecial(b) ? 1 : 0;
        }

        if (specials == 0)
        {
            return literal.ToArray();
        }

        var escaped = new byte[literal.Length + specials];
        var at = 0;
        foreach (var b in literal)
        {
            if (IsSpecial(b))
            {
                escaped[at++] = (byte)'\\';
            }

            escaped[at++] = b;
        }

        return escaped;
    }

    private static bool IsSpecial(byte b) => b is (byte)'*' or (byte)'?' or (byte)'[' or (byte)']' or (byte)'\\';
}
