using System.Buffers;
using System.Text;
using Multiplex.Commands;
using Multiplex.Connections;
using Multiplex.Transactions;

namespace Multiplex.Tests.Connections;

/// <summary>The in-flight FIFO: one-reply commands leave with the lock that finds them; multi-reply ones stay at the head.</summary>
public sealed class InFlightQueueTests
{
    [Test]
    public void A_one_reply_command_is_taken_out_as_it_is_found()
    {
        var queue = new InFlightQueue();
        var first = Incr();
        var second = Incr();
        Assert.That(queue.TryEnqueue(first) && queue.TryEnqueue(second), Is.True);

        Assert.That(queue.TryTakeHead(out var head, out var taken), Is.True);
        Assert.That((head, taken), Is.EqualTo((first, true)));
        Assert.That(queue.Count, Is.EqualTo(1));
        Assert.That(queue.TryTakeHead(out head, out taken), Is.True);
        Assert.That((head, taken), Is.EqualTo((second, true)));
        Assert.That(queue.TryTakeHead(out _, out _), Is.False, "empty");
    }

    [Test]
    public void A_batch_stays_at_the_head_until_it_is_dequeued()
    {
        var queue = new InFlightQueue();
        var batch = new BatchCommand([Incr(), Incr()], TimeSpan.FromSeconds(5));
        var after = Incr();
        queue.TryEnqueue(batch);
        queue.TryEnqueue(after);

        Assert.That(queue.TryTakeHead(out var head, out var taken), Is.True);
        Assert.That((head, taken), Is.EqualTo(((PendingCommand)batch, false)));
        Assert.That(queue.TryTakeHead(out head, out taken), Is.True);
        Assert.That((head, taken), Is.EqualTo(((PendingCommand)batch, false)), "still the head: its second reply is still to come");
        Assert.That(queue.Count, Is.EqualTo(2));

        Assert.That(queue.TryDequeue(out head) && ReferenceEquals(head, batch), Is.True);
        Assert.That(queue.TryTakeHead(out head, out taken), Is.True);
        Assert.That((head, taken), Is.EqualTo((after, true)));
    }

    [Test]
    public void A_closed_queue_refuses_commands_and_drains_the_rest_oldest_first()
    {
        var queue = new InFlightQueue();
        var first = Incr();
        var second = Incr();
        queue.TryEnqueue(first);
        queue.TryEnqueue(second);

        Assert.That(queue.CloseAndDrain(), Is.EqualTo(new[] { first, second }));
        Assert.That(queue.TryEnqueue(Incr()), Is.False);
        Assert.That(queue.TryTakeHead(out _, out _), Is.False);
    }

    [Test]
    public void Only_commands_that_take_several_replies_say_so()
    {
        Assert.That(Incr().TakesSeveralReplies, Is.False);
        Assert.That(new BatchCommand([Incr()], TimeSpan.FromSeconds(5)).TakesSeveralReplies, Is.True);
        Assert.That(new TransactionCommand([Incr()], TimeSpan.FromSeconds(5)).TakesSeveralReplies, Is.True);
    }

    private static PendingCommand<long> Incr()
    {
        var command = PendingCommand<long>.Rent(CommandTokens.Incr, ReplyParsers.Int64, TimeSpan.FromSeconds(5));
        command.Write(Encoding.ASCII.GetBytes("*2\r\n$4\r\nINCR\r\n$1\r\nk\r\n"));
        return command;
    }
}
