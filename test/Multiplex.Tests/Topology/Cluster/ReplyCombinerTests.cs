using System.Buffers;
using System.Text;
using Multiplex.Commands.Strings;
using Multiplex.Tests.Protocol;
using Multiplex.Topology;
using Multiplex.Topology.Cluster;

namespace Multiplex.Tests.Topology.Cluster;

public sealed class ReplyCombinerTests
{
    private const int None = ReplyCombiner.NoFailedReply;

    [Test]
    public void Mget_replies_of_three_slots_are_put_back_in_the_callers_key_order_with_both_null_forms()
    {
        var frame = Wire.Bytes(Wire.Command("MGET", "{a}1", "{b}1", "{a}2", "{c}1", "{b}2"));
        var parts = SlotSplit.Split(StringTokens.MGet, frame);

        var (combined, failed) = InKeyOrder(parts, 5, "*2\r\n$2\r\nA1\r\n$-1\r\n", "*2\r\n_\r\n$2\r\nB2\r\n", "*1\r\n$2\r\nC1\r\n");

        Assert.That(combined, Is.EqualTo("*5\r\n$2\r\nA1\r\n_\r\n$-1\r\n$2\r\nC1\r\n$2\r\nB2\r\n"));
        Assert.That(failed, Is.EqualTo(None));
    }

    [TestCase("Sum", ":6\r\n")]
    [TestCase("Min", ":-1\r\n")]
    public void Integer_replies_are_added_or_their_smallest_taken(string aggregate, string expected)
    {
        Assert.That(Combine(Enum.Parse<ReplyAggregate>(aggregate), ":3\r\n", ":-1\r\n", ":4\r\n"), Is.EqualTo((expected, None)));
    }

    [Test]
    public void Del_and_exists_split_by_slot_sum_the_counts_of_the_parts()
    {
        Assert.That(Combine(ReplyAggregate.Sum, ":2\r\n", ":0\r\n", ":1\r\n"), Is.EqualTo((":3\r\n", None)));
        Assert.That(Combine(ReplyAggregate.Sum, ":5\r\n"), Is.EqualTo((":5\r\n", None)));
    }

    [Test]
    public void Keys_merges_resp2_arrays_into_one_array()
    {
        Assert.That(
            Combine(ReplyAggregate.Merge, "*2\r\n$1\r\na\r\n$1\r\nb\r\n", "*0\r\n", "*-1\r\n", "*1\r\n$1\r\nc\r\n"),
            Is.EqualTo(("*3\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n", None)));
    }

    [TestCase(new[] { "~0\r\n", "~1\r\n$1\r\na\r\n", "_\r\n", "~1\r\n+b\r\n" }, "~2\r\n$1\r\na\r\n+b\r\n")]
    [TestCase(new[] { "*0\r\n", "~1\r\n$1\r\na\r\n" }, "~1\r\n$1\r\na\r\n")]
    [TestCase(new[] { "_\r\n", "~0\r\n", "*0\r\n" }, "~0\r\n")]
    [TestCase(new[] { "_\r\n", "*-1\r\n" }, "*0\r\n")]
    public void Resp3_sets_merge_into_the_type_of_the_first_reply_with_elements(string[] replies, string expected)
    {
        Assert.That(Combine(ReplyAggregate.Merge, replies), Is.EqualTo((expected, None)));
    }

    [Test]
    public void Merge_copies_nested_elements_whole_with_their_attributes()
    {
        // Reply 1's elements are an array and a string; reply 2's a map and a string that carries an attribute.
        // Reply 3 has an attribute of its own, which no element carries and the merged array drops.
        var (combined, failed) = Combine(
            ReplyAggregate.Merge,
            "*2\r\n*2\r\n:1\r\n*1\r\n$1\r\nn\r\n$1\r\nx\r\n",
            "*2\r\n%1\r\n+k\r\n*1\r\n:3\r\n|1\r\n+ttl\r\n:5\r\n$1\r\ny\r\n",
            "|1\r\n+meta\r\n:1\r\n*1\r\n:9\r\n");

        Assert.That(combined, Is.EqualTo(
            "*5\r\n*2\r\n:1\r\n*1\r\n$1\r\nn\r\n$1\r\nx\r\n%1\r\n+k\r\n*1\r\n:3\r\n|1\r\n+ttl\r\n:5\r\n$1\r\ny\r\n:9\r\n"));
        Assert.That(failed, Is.EqualTo(None));
        var result = Wire.Result(combined);
        Assert.That((result.Count, result[3].Value.ToString(), result[3].Attributes?.Count), Is.EqualTo((5, "y", 2)));
    }

    [TestCase(new[] { "*3\r\n:1\r\n:1\r\n:0\r\n", "*3\r\n:1\r\n:0\r\n:0\r\n", "*3\r\n:1\r\n:1\r\n:1\r\n" }, "*3\r\n:1\r\n:0\r\n:0\r\n")]
    [TestCase(new[] { "*2\r\n#t\r\n#t\r\n", "*2\r\n#t\r\n#f\r\n" }, "*2\r\n#t\r\n#f\r\n")]
    [TestCase(new[] { "*2\r\n#t\r\n#t\r\n", "*2\r\n:1\r\n:0\r\n" }, "*2\r\n#t\r\n#f\r\n")]
    [TestCase(new[] { "*0\r\n", "*0\r\n" }, "*0\r\n")]
    public void Script_exists_ands_the_answers_element_by_element(string[] replies, string expected)
    {
        Assert.That(Combine(ReplyAggregate.LogicalAnd, replies), Is.EqualTo((expected, None)));
    }

    [Test]
    public void Script_exists_replies_of_different_lengths_become_an_error_naming_the_reply()
    {
        var (combined, failed) = Combine(ReplyAggregate.LogicalAnd, "*2\r\n:1\r\n:1\r\n", "*3\r\n:1\r\n:1\r\n:1\r\n");

        Assert.That(combined, Does.StartWith("-ERR ").And.Contain("LogicalAnd").And.Contain("3 elements").And.EndWith("\r\n"));
        Assert.That(failed, Is.EqualTo(1));
    }

    [Test]
    public void All_succeeded_is_the_first_reply_unless_one_failed()
    {
        Assert.That(Combine(ReplyAggregate.AllSucceeded, "+OK\r\n", "+OK\r\n"), Is.EqualTo(("+OK\r\n", None)));
        Assert.That(
            Combine(ReplyAggregate.AllSucceeded, "+OK\r\n", "-ERR no such config\r\n", "!5\r\nERR x\r\n"),
            Is.EqualTo(("-ERR no such config\r\n", 1)));
    }

    [Test]
    public void One_succeeded_is_the_first_success_or_else_the_first_error()
    {
        const string NotBusy = "-NOTBUSY No scripts in execution right now.\r\n";
        Assert.That(Combine(ReplyAggregate.OneSucceeded, NotBusy, "+OK\r\n", NotBusy), Is.EqualTo(("+OK\r\n", None)));
        Assert.That(Combine(ReplyAggregate.OneSucceeded, NotBusy, "!6\r\nERR no\r\n"), Is.EqualTo((NotBusy, 0)));
    }

    [TestCase("Sum")]
    [TestCase("Merge")]
    [TestCase("LogicalAnd")]
    public void A_server_error_among_the_replies_is_the_combined_reply_as_sent(string aggregate)
    {
        // The error wins over reply 1, whose type is wrong for every aggregate here.
        Assert.That(
            Combine(Enum.Parse<ReplyAggregate>(aggregate), "$1\r\nx\r\n", "-MOVED 3999 127.0.0.1:6381\r\n", "!9\r\nERR other\r\n"),
            Is.EqualTo(("-MOVED 3999 127.0.0.1:6381\r\n", 1)));
    }

    [Test]
    public void A_server_error_among_the_mget_parts_is_the_combined_reply()
    {
        var parts = SlotSplit.Split(StringTokens.MGet, Wire.Bytes(Wire.Command("MGET", "{a}1", "{b}1")));

        Assert.That(InKeyOrder(parts, 2, "*1\r\n$1\r\nv\r\n", "!10\r\nTRYAGAIN x\r\n"), Is.EqualTo(("!10\r\nTRYAGAIN x\r\n", 1)));
    }

    [TestCase("Sum", new[] { ":1\r\n", "$1\r\n2\r\n" }, "a bulk string")]
    [TestCase("Min", new[] { ":1\r\n", "_\r\n" }, "a null")]
    [TestCase("Merge", new[] { "*0\r\n", ":2\r\n" }, "an integer")]
    [TestCase("Merge", new[] { "*0\r\n", "%0\r\n" }, "a map")]
    [TestCase("LogicalAnd", new[] { "*1\r\n:1\r\n", "*1\r\n$1\r\n1\r\n" }, "a bulk string as element 1")]
    [TestCase("LogicalAnd", new[] { "*1\r\n:1\r\n", "~1\r\n:1\r\n" }, "a set")]
    public void A_reply_of_the_wrong_type_becomes_an_error_naming_the_aggregate_and_the_type(string aggregate, string[] replies, string type)
    {
        var (combined, failed) = Combine(Enum.Parse<ReplyAggregate>(aggregate), replies);

        Assert.That(combined, Does.StartWith("-ERR ").And.Contain(aggregate).And.Contain(type));
        Assert.That(Wire.Result(combined).IsError, Is.True);
        Assert.That(failed, Is.EqualTo(1));
    }

    [Test]
    public void A_sum_past_a_64_bit_integer_becomes_an_error()
    {
        var (combined, failed) = Combine(ReplyAggregate.Sum, ":9223372036854775807\r\n", ":1\r\n");

        Assert.That(combined, Does.StartWith("-ERR ").And.Contain("Sum"));
        Assert.That(failed, Is.EqualTo(1));
    }

    [TestCase("*1\r\n$1\r\nv\r\n", "has 1 elements for 2 keys")]
    [TestCase(":1\r\n", "an integer")]
    [TestCase("*-1\r\n", "a null")]
    public void An_mget_part_of_the_wrong_shape_becomes_an_error(string reply, string why)
    {
        var parts = SlotSplit.Split(StringTokens.MGet, Wire.Bytes(Wire.Command("MGET", "{a}1", "{b}1", "{b}2")));

        var (combined, failed) = InKeyOrder(parts, 3, "*1\r\n$1\r\nv\r\n", reply);

        Assert.That(combined, Does.StartWith("-ERR ").And.Contain("InKeyOrder").And.Contain(why));
        Assert.That(failed, Is.EqualTo(1));
    }

    [Test]
    public void Parts_that_do_not_hold_every_key_once_are_refused()
    {
        SlotPart[] parts = [new(1, [0], []), new(2, [0], [])];

        Assert.That(() => InKeyOrder(parts, 2, "*1\r\n:1\r\n", "*1\r\n:2\r\n"), Throws.ArgumentException);
        Assert.That(() => InKeyOrder(parts[..1], 2, "*1\r\n:1\r\n"), Throws.ArgumentException);
        Assert.That(() => InKeyOrder(parts, 2, "*1\r\n:1\r\n"), Throws.ArgumentException);
    }

    [TestCase("InKeyOrder")]
    [TestCase("None")]
    public void Aggregates_without_a_combination_here_are_refused(string aggregate)
    {
        Assert.That(() => Combine(Enum.Parse<ReplyAggregate>(aggregate), ":1\r\n"), Throws.ArgumentException);
        Assert.That(() => Combine(ReplyAggregate.Sum), Throws.ArgumentException);
    }

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    public void Random_mget_replies_split_then_merged_equal_the_callers_order(int seed)
    {
        var random = new Random(seed);
        var keys = RandomKeys.Create(random, 200);
        var frame = Wire.Bytes(Wire.Command(["MGET", .. keys]));
        var values = keys.Select(key => random.Next(3) switch
        {
            0 => "$-1\r\n",
            1 => "_\r\n",
            _ => $"${Encoding.UTF8.GetByteCount(key) + 2}\r\nv:{key}\r\n",
        }).ToArray();

        var parts = SlotSplit.Split(StringTokens.MGet, frame);
        var replies = parts.Select(part => $"*{part.KeyIndexes.Length}\r\n" + string.Concat(part.KeyIndexes.Select(index => values[index]))).ToArray();
        var (combined, failed) = InKeyOrder(parts, keys.Length, replies);

        Assert.That(parts, Has.Length.GreaterThan(100));
        Assert.That(combined, Is.EqualTo($"*{keys.Length}\r\n" + string.Concat(values)));
        Assert.That(failed, Is.EqualTo(None));
    }

    private static (string Frame, int Failed) Combine(ReplyAggregate aggregate, params string[] replies)
    {
        var writer = new ArrayBufferWriter<byte>();
        var failed = ReplyCombiner.Combine(aggregate, Frames(replies), writer);
        return (Encoding.UTF8.GetString(writer.WrittenSpan), failed);
    }

    private static (string Frame, int Failed) InKeyOrder(IReadOnlyList<SlotPart> parts, int keyCount, params string[] replies)
    {
        var writer = new ArrayBufferWriter<byte>();
        var failed = ReplyCombiner.CombineInKeyOrder(Frames(replies), parts, keyCount, writer);
        return (Encoding.UTF8.GetString(writer.WrittenSpan), failed);
    }

    private static ReadOnlyMemory<byte>[] Frames(string[] replies) =>
        [.. replies.Select(reply => new ReadOnlyMemory<byte>(Wire.Bytes(reply)))];
}
