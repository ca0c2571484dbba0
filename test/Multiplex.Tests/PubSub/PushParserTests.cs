using System.Buffers;
using System.Text;
using Multiplex.Protocol;
using Multiplex.PubSub;

namespace Multiplex.Tests.PubSub;

public sealed class PushParserTests
{
    // Each push in its RESP3 form (>) and its RESP2 form (*), which must parse the same.
    [TestCase(">3\r\n$7\r\nmessage\r\n$4\r\nnews\r\n$5\r\nhello\r\n")]
    [TestCase("*3\r\n$7\r\nmessage\r\n$4\r\nnews\r\n$5\r\nhello\r\n")]
    public void A_message_gives_channel_and_payload(string wire)
    {
        var push = Parse(wire);
        Assert.That(push.Kind, Is.EqualTo(PushKind.Message));
        Assert.That(push.Channel.ToString(), Is.EqualTo("news"));
        Assert.That(push.Payload.ToString(), Is.EqualTo("hello"));
        Assert.That(push.Pattern.IsNull, Is.True);
    }

    [TestCase(">4\r\n$8\r\npmessage\r\n$2\r\nn*\r\n$4\r\nnews\r\n$2\r\nhi\r\n")]
    [TestCase("*4\r\n$8\r\npmessage\r\n$2\r\nn*\r\n$4\r\nnews\r\n$2\r\nhi\r\n")]
    public void A_pattern_message_gives_pattern_channel_and_payload(string wire)
    {
        var push = Parse(wire);
        Assert.That(push.Kind, Is.EqualTo(PushKind.PatternMessage));
        Assert.That(push.Pattern.ToString(), Is.EqualTo("n*"));
        Assert.That(push.Channel.ToString(), Is.EqualTo("news"));
        Assert.That(push.Payload.ToString(), Is.EqualTo("hi"));
    }

    [TestCase(">3\r\n$8\r\nsmessage\r\n$1\r\ns\r\n$1\r\np\r\n", "ShardMessage")]
    [TestCase(">3\r\n$9\r\nsubscribe\r\n$4\r\nnews\r\n:1\r\n", "Subscribe")]
    [TestCase("*3\r\n$9\r\nsubscribe\r\n$4\r\nnews\r\n:1\r\n", "Subscribe")]
    [TestCase(">3\r\n$10\r\nssubscribe\r\n$4\r\nnews\r\n:1\r\n", "ShardSubscribe")]
    [TestCase(">3\r\n$11\r\nunsubscribe\r\n$4\r\nnews\r\n:0\r\n", "Unsubscribe")]
    [TestCase(">3\r\n$11\r\nunsubscribe\r\n_\r\n:0\r\n", "Unsubscribe")]
    [TestCase("*3\r\n$11\r\nunsubscribe\r\n$-1\r\n:0\r\n", "Unsubscribe")]
    [TestCase(">3\r\n$12\r\nsunsubscribe\r\n$4\r\nnews\r\n:0\r\n", "ShardUnsubscribe")]
    [TestCase(">2\r\n$10\r\ninvalidate\r\n*1\r\n$3\r\nkey\r\n", "Invalidate")]
    public void Each_push_kind_is_recognised(string wire, string kind) => Assert.That(Parse(wire).Kind, Is.EqualTo(Enum.Parse<PushKind>(kind)));

    [TestCase(">3\r\n$10\r\npsubscribe\r\n$2\r\nn*\r\n:2\r\n", "PatternSubscribe")]
    [TestCase(">3\r\n$12\r\npunsubscribe\r\n$2\r\nn*\r\n:1\r\n", "PatternUnsubscribe")]
    public void Pattern_confirmations_carry_the_pattern_and_count(string wire, string kindName)
    {
        var kind = Enum.Parse<PushKind>(kindName);
        var push = Parse(wire);
        Assert.That(push.Kind, Is.EqualTo(kind));
        Assert.That(push.Pattern.ToString(), Is.EqualTo("n*"));
        Assert.That(push.Count, Is.EqualTo(kind == PushKind.PatternSubscribe ? 2 : 1));
        Assert.That(push.IsSubscriptionChange, Is.True);
    }

    [TestCase("*2\r\n$3\r\nfoo\r\n$3\r\nbar\r\n")]
    [TestCase("*3\r\n$4\r\npong\r\n$0\r\n\r\n$1\r\nx\r\n")]
    [TestCase(":1\r\n")]
    [TestCase("*-1\r\n")]
    [TestCase(">1\r\n$7\r\nmessage\r\n")]
    public void Anything_else_is_not_a_push(string wire)
    {
        var reader = new RespReader(new ReadOnlySequence<byte>(Encoding.ASCII.GetBytes(wire)));
        reader.TryMoveNext();
        Assert.That(PushParser.TryParse(ref reader, out _), Is.False);
    }

    private static PushMessage Parse(string wire)
    {
        var reader = new RespReader(new ReadOnlySequence<byte>(Encoding.ASCII.GetBytes(wire)));
        reader.TryMoveNext();
        Assert.That(PushParser.TryParse(ref reader, out var push), Is.True);
        return push;
    }
}
