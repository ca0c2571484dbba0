namespace Multiplex.Tests.Protocol;

/// <summary>Well-formed RESP2 and RESP3 frames with their decoded rendering and frame type.</summary>
internal static class ValidFrames
{
    public static IEnumerable<TestCaseData> All()
    {
        yield return Case("+OK\r\n", "OK", '+');
        yield return Case("+\r\n", "", '+');
        yield return Case("-ERR unknown command\r\n", "(error) ERR unknown command", '-');
        yield return Case(":42\r\n", "42", ':');
        yield return Case(":-9223372036854775808\r\n", "-9223372036854775808", ':');
        yield return Case(":9223372036854775807\r\n", "9223372036854775807", ':');
        yield return Case("$3\r\nfoo\r\n", "foo", '$');
        yield return Case("$0\r\n\r\n", "", '$');
        yield return Case("$4\r\na\r\nb\r\n", "a\r\nb", '$');
        yield return Case("$-1\r\n", "(nil)", '$');
        yield return Case("$6\r\nh\u00e9llo\r\n", "h\u00e9llo", '$');
        yield return Case("_\r\n", "(nil)", '_');
        yield return Case("*-1\r\n", "(nil)", '*');
        yield return Case("#t\r\n", "true", '#');
        yield return Case("#f\r\n", "false", '#');
        yield return Case(",1.5\r\n", "1.5", ',');
        yield return Case(",-2.5e3\r\n", "-2500", ',');
        yield return Case(",1E+300\r\n", "1E+300", ',');
        yield return Case(",inf\r\n", "inf", ',');
        yield return Case(",-inf\r\n", "-inf", ',');
        yield return Case(",nan\r\n", "nan", ',');
        yield return Case("(3492890328409238509324850943850943825024385\r\n", "3492890328409238509324850943850943825024385", '(');
        yield return Case("(-12\r\n", "-12", '(');
        yield return Case("!21\r\nSYNTAX invalid syntax\r\n", "(error) SYNTAX invalid syntax", '!');
        yield return Case("=15\r\ntxt:Some string\r\n", "Some string", '=');
        yield return Case("*0\r\n", "[]", '*');
        yield return Case("*3\r\n:1\r\n$1\r\na\r\n_\r\n", "[1, a, (nil)]", '*');
        yield return Case("*2\r\n*2\r\n:1\r\n:2\r\n%1\r\n+k\r\n*1\r\n$1\r\nv\r\n", "[[1, 2], {k: [v]}]", '*');
        yield return Case("*2\r\n*-1\r\n*0\r\n", "[(nil), []]", '*');
        yield return Case("%0\r\n", "{}", '%');
        yield return Case("%2\r\n+first\r\n:1\r\n+second\r\n#f\r\n", "{first: 1, second: false}", '%');
        yield return Case("~2\r\n+a\r\n,0.5\r\n", "[a, 0.5]", '~');
        yield return Case(">3\r\n$7\r\nmessage\r\n$4\r\nnews\r\n$5\r\nhello\r\n", "[message, news, hello]", '>');
        yield return Case("|1\r\n+key-popularity\r\n%1\r\n$1\r\na\r\n,0.19\r\n*2\r\n:2039123\r\n:9543892\r\n", "[2039123, 9543892]", '*');
        yield return Case("|0\r\n:7\r\n", "7", ':');
        yield return Case("|1\r\n+a\r\n:1\r\n|1\r\n+b\r\n:2\r\n$1\r\nx\r\n", "x", '$');
        yield return Case("*2\r\n:1\r\n|1\r\n+ttl\r\n:3600\r\n$1\r\nx\r\n", "[1, x]", '*');
        yield return Case("|1\r\n+ctx\r\n:1\r\n>2\r\n+invalidate\r\n*1\r\n$3\r\nkey\r\n", "[invalidate, [key]]", '>');
    }

    private static TestCaseData Case(string wire, string rendering, char prefix) =>
        new TestCaseData(wire, rendering, prefix).SetArgDisplayNames(Escape(wire));

    private static string Escape(string wire) =>
        '"' + wire.Replace("\r", "\\r", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal) + '"';
}
