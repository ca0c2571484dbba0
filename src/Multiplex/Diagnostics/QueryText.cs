using System.Text;
using Multiplex.Topology;

namespace Multiplex.Diagnostics;

/// <summary>
/// <c>db.query.text</c> of an encoded command, as redis-cli would show it: the command's name, then one
/// <c>?</c> per argument (<see cref="QueryTextCapture.Placeholders"/>) or the arguments themselves,
/// shortened (<see cref="QueryTextCapture.Full"/>). Built only for a span that records its attributes.
/// </summary>
internal static class QueryText
{
    // Longest argument shown in full text, and longest text: enough to recognise a command, bounded
    // so one large value does not make a large span.
    private const int MaxArgumentLength = 64;
    private const int MaxLength = 1024;
    private const string Ellipsis = "…";

    /// <summary>The text of <paramref name="frame"/>, whose first <paramref name="nameLength"/> arguments are the command's name.</summary>
    public static string Of(ReadOnlySpan<byte> frame, int nameLength, QueryTextCapture capture)
    {
        var count = CommandFrame.ArgumentCount(frame);
        var arguments = new Range[count];
        count = CommandFrame.Read(frame, arguments);
        var text = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            if (i > 0)
            {
                text.Append(' ');
            }

            var argument = frame[arguments[i]];
            if (i < nameLength)
            {
                text.Append(Encoding.UTF8.GetString(argument).ToUpperInvariant());
            }
            else if (capture == QueryTextCapture.Full)
            {
                AppendArgument(text, argument);
            }
            else
            {
                text.Append('?');
            }

            if (text.Length > MaxLength)
            {
                text.Length = MaxLength;
                text.Append(Ellipsis);
                break;
            }
        }

        return text.ToString();
    }

    private static void AppendArgument(StringBuilder text, ReadOnlySpan<byte> argument)
    {
        var shown = argument.Length > MaxArgumentLength ? argument[..MaxArgumentLength] : argument;
        var value = Encoding.UTF8.GetString(shown);
        var quoted = value.Length == 0 || value.Any(c => char.IsWhiteSpace(c) || c == '"' || char.IsControl(c));
        if (quoted)
        {
            text.Append('"');
            foreach (var c in value)
            {
                _ = c switch
                {
                    '"' => text.Append("\\\""),
                    '\\' => text.Append("\\\\"),
                    _ when char.IsControl(c) => text.Append("\\x").Append(((int)c).ToString("x2", System.Globalization.CultureInfo.InvariantCulture)),
                    _ => text.Append(c),
                };
            }
        }
        else
        {
            text.Append(value);
        }

        if (argument.Length > MaxArgumentLength)
        {
            text.Append(Ellipsis);
        }

        if (quoted)
        {
            text.Append('"');
        }
    }
}
