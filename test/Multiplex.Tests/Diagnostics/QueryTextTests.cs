using System.Text;
using Multiplex.Diagnostics;

namespace Multiplex.Tests.Diagnostics;

/// <summary><c>db.query.text</c> of encoded commands: placeholders never show an argument; full text shortens.</summary>
public sealed class QueryTextTests
{
    [TestCase("*3\r\n$3\r\nSET\r\n$4\r\nuser\r\n$6\r\nsecret\r\n", 1, "SET ? ?")]
    [TestCase("*2\r\n$6\r\nclient\r\n$7\r\ngetname\r\n", 2, "CLIENT GETNAME")]
    [TestCase("*3\r\n$6\r\nCONFIG\r\n$3\r\nGET\r\n$7\r\nmaxmem*\r\n", 2, "CONFIG GET ?")]
    [TestCase("*1\r\n$4\r\nPING\r\n", 1, "PING")]
    public void Placeholders_show_the_name_and_one_mark_per_argument(string frame, int nameLength, string expected) =>
        Assert.That(QueryText.Of(Encoding.UTF8.GetBytes(frame), nameLength, QueryTextCapture.Placeholders), Is.EqualTo(expected));

    [TestCase("*3\r\n$3\r\nSET\r\n$4\r\nuser\r\n$11\r\nhello world\r\n", "SET user \"hello world\"")]
    [TestCase("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$0\r\n\r\n", "SET k \"\"")]
    [TestCase("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$3\r\na\"b\r\n", "SET k \"a\\\"b\"")]
    [TestCase("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$2\r\na\n\r\n", "SET k \"a\\x0a\"")]
    public void Full_text_quotes_arguments_as_redis_cli_would(string frame, string expected) =>
        Assert.That(QueryText.Of(Encoding.UTF8.GetBytes(frame), 1, QueryTextCapture.Full), Is.EqualTo(expected));

    [Test]
    public void Full_text_shortens_long_arguments_and_long_commands()
    {
        var value = new string('v', 200);
        var frame = new StringBuilder("*40\r\n$5\r\nRPUSH\r\n$1\r\nk\r\n");
        for (var i = 0; i < 38; i++)
        {
            frame.Append("$200\r\n").Append(value).Append("\r\n");
        }

        var text = QueryText.Of(Encoding.UTF8.GetBytes(frame.ToString()), 1, QueryTextCapture.Full);

        Assert.That(text, Does.StartWith($"RPUSH k {new string('v', 64)}… "));
        Assert.That(text, Has.Length.EqualTo(1025));
        Assert.That(text, Does.EndWith("…"));
    }
}
