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

    [Test]
    public void The_sweep_looks_at_the_commands_only_when_the_earliest_deadline_can_have_passed()
    {
        const int Commands = 10_000;
        var queue = new InFlightQueue();
        var now = Environment.TickCount64;
        for (var i = 0; i < Commands; i++)
        {
            var command = Incr();
            Assert.That(command.TryBeginWrite(), Is.True);
            queue.TryEnqueue(command);
        }

        for (var tick = 0; tick < 1_000; tick++)
        {
            Assert.That(queue.SweepTimeouts(now + tick), Is.Not.Null);
        }

        Assert.That(queue.ExaminedBySweeps, Is.Zero, "a thousand sweeps before any deadline look at nothing");

        var late = now + (long)TimeSpan.FromMinutes(1).TotalMilliseconds;
        queue.SweepTimeouts(late);
        Assert.That(queue.ExaminedBySweeps, Is.EqualTo(Commands), "past the deadlines every command is timed out once");
        for (var tick = 1; tick <= 1_000; tick++)
        {
            queue.SweepTimeouts(late + tick);
        }

        Assert.That(queue.ExaminedBySweeps, Is.EqualTo(Commands), "tombstones are not looked at again");
    }

    [Test]
    public void A_full_queue_refuses_a_command_until_a_reply_makes_room()
    {
        var queue = new InFlightQueue();
        Assert.That(queue.TryEnqueue(Incr(), 2), Is.EqualTo(EnqueueResult.Added));
        Assert.That(queue.TryEnqueue(Incr(), 2), Is.EqualTo(EnqueueResult.Added));
        Assert.That(queue.TryEnqueue(Incr(), 2), Is.EqualTo(EnqueueResult.Full));
        var room = queue.WaitForRoomAsync(2);
        Assert.That(room.IsCompleted, Is.False);

        Assert.That(queue.TryTakeHead(out _, out _), Is.True);
        Assert.That(room.Wait(TimeSpan.FromSeconds(5)), Is.True, "a reply made room");
        Assert.That(queue.TryEnqueue(Incr(), 2), Is.EqualTo(EnqueueResult.Added));

        var closed = queue.WaitForRoomAsync(2);
        queue.CloseAndDrain();
        Assert.That(closed.IsCompleted, Is.True, "closing wakes a waiting writer");
        Assert.That(queue.TryEnqueue(Incr(), 2), Is.EqualTo(EnqueueResult.Closed));
    }

    private static PendingCommand<long> Incr()
    {
        var command = PendingCommand<long>.Rent(CommandTokens.Incr, ReplyParsers.Int64, TimeSpan.FromSeconds(5));
        command.Write(Encoding.ASCII.GetBytes("*2\r\n$4\r\nINCR\r\n$1\r\nk\r\n"));
        return command;
    }
}
