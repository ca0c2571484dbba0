using Multiplex.Commands;
using Multiplex.Connections;
using Multiplex.Protocol;
using Multiplex.Tests.Protocol;
using Multiplex.Transactions;

namespace Multiplex.Tests.Connections;

/// <summary>
/// Once a caller is claimed for a reply, every exception completes it (invariant 2): a reply parser
/// that throws something other than the usual conversion errors (an <see cref="ArgumentException"/> from
/// a duplicate field, a bug) fails its own caller with a <see cref="RedisException"/> that carries it,
/// and the command still counts as answered, so the replies behind it stay in step.
/// </summary>
public sealed class ParserFaultTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    // A map with a repeated field, as RESP3 sends it and as RESP2 flattens it.
    private static readonly string[] Replies = ["%2\r\n$1\r\na\r\n:1\r\n$1\r\na\r\n:2\r\n", "*4\r\n$1\r\na\r\n:1\r\n$1\r\na\r\n:2\r\n"];

    public static IEnumerable<TestCaseData> Faults() =>
        from reply in Replies
        from fault in new Exception[] { new ArgumentException("An item with the same key has already been added. Key: a"), new NullReferenceException(), new InvalidOperationException("bug") }
        select new TestCaseData(reply, fault).SetArgDisplayNames(reply[..1] == "%" ? "RESP3" : "RESP2", fault.GetType().Name);

    [TestCaseSource(nameof(Faults))]
    public void A_parser_that_throws_fails_its_caller_and_the_command_counts_as_answered(string reply, Exception fault)
    {
        var command = PendingCommand<int>.Rent(CommandTokens.Get, new ThrowingParser(fault), Timeout);
        var task = command.Task;
        Assert.That(command.TryBeginWrite(), Is.True);

        Assert.That(command.OnReply(Wire.Whole(reply)), Is.True, "one reply, one command: the queue moves on");
        command.ReleaseWire();

        Assert.That(task.IsCompleted, Is.True, "the caller is not left waiting");
        var error = Assert.ThrowsAsync<RedisException>(async () => await task);
        Assert.That(error!.InnerException, Is.SameAs(fault));
        Assert.That(error.Command, Is.EqualTo("GET"));
    }

    [TestCaseSource(nameof(Faults))]
    public void A_parser_that_throws_inside_a_transaction_fails_only_its_own_command(string reply, Exception fault)
    {
        var (broken, fine) = BrokenAndFine(fault);
        var (brokenTask, fineTask) = (broken.Task, fine.Task);
        var transaction = new TransactionCommand([broken, fine], Timeout);
        Assert.That(transaction.TryBeginWrite(), Is.True);

        Assert.That(transaction.OnReply(Wire.Whole("+OK\r\n")), Is.False);
        Assert.That(transaction.OnReply(Wire.Whole("+QUEUED\r\n")), Is.False);
        Assert.That(transaction.OnReply(Wire.Whole("+QUEUED\r\n")), Is.False);
        Assert.That(transaction.OnReply(Wire.Whole($"*2\r\n{reply}:7\r\n")), Is.True);

        Assert.That(Assert.ThrowsAsync<RedisException>(async () => await brokenTask)!.InnerException, Is.SameAs(fault));
        Assert.That(fineTask.Result, Is.EqualTo(7));
    }

    [TestCaseSource(nameof(Faults))]
    public async Task A_parser_that_throws_inside_a_batch_fails_only_its_own_command(string reply, Exception fault)
    {
        var (broken, fine) = BrokenAndFine(fault);
        var (brokenTask, fineTask) = (broken.Task, fine.Task);
        var batch = new BatchCommand([broken, fine], Timeout);
        Assert.That(batch.TryBeginWrite(), Is.True);

        Assert.That(batch.OnReply(Wire.Whole(reply)), Is.False);
        Assert.That(batch.OnReply(Wire.Whole(":7\r\n")), Is.True);

        await batch.Completion;
        Assert.That(Assert.ThrowsAsync<RedisException>(async () => await brokenTask)!.InnerException, Is.SameAs(fault));
        Assert.That(await fineTask, Is.EqualTo(7));
    }

    /// <summary>A GET whose parser throws <paramref name="fault"/>, and an INCR that parses normally.</summary>
    private static (PendingCommand<int> Broken, PendingCommand<long> Fine) BrokenAndFine(Exception fault)
    {
        var broken = PendingCommand<int>.Rent(CommandTokens.Get, new ThrowingParser(fault), Timeout);
        CommandEncoder.Write(broken, CommandTokens.Get, (RedisKey)"k");
        var fine = PendingCommand<long>.Rent(CommandTokens.Incr, ReplyParsers.Int64, Timeout);
        CommandEncoder.Write(fine, CommandTokens.Incr, (RedisKey)"n");
        return (broken, fine);
    }

    /// <summary>A parser with a bug: it reads the reply, then throws.</summary>
    private sealed class ThrowingParser(Exception fault) : ReplyParser<int>
    {
        public override int Parse(ref RespReader reader) => throw fault;
    }
}
