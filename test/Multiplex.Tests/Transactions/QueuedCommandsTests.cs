using System.Buffers;
using Multiplex.Commands;
using Multiplex.Connections;
using Multiplex.Transactions;

namespace Multiplex.Tests.Transactions;

/// <summary>The commands a batch or transaction holds until it is sent, and the lists that collect them.</summary>
[NonParallelizable] // CommandLists is one store for the process: another test's batches would take and give back its lists
public sealed class QueuedCommandsTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    [Test]
    public void Taken_commands_come_in_queued_order_in_a_list_of_their_exact_count_and_the_collecting_list_is_kept_empty()
    {
        var queue = new QueuedCommands("closed", "a batch", atomic: false);
        var commands = Enumerable.Range(0, 100).Select(i => Get($"k{i}")).ToArray();
        foreach (var command in commands)
        {
            queue.Add(command, CancellationToken.None);
        }

        var taken = queue.Take();

        Assert.Multiple(() =>
        {
            Assert.That(taken, Is.EqualTo(commands), "every command, in the order queued");
            Assert.That(taken.Capacity, Is.EqualTo(100), "no growth slack kept alive with the batch");
            Assert.That(queue.Count, Is.Zero);
            Assert.That(queue.IsClosed, Is.True);
            Assert.Throws<InvalidOperationException>(() => queue.Add(Get("late"), CancellationToken.None));
        });

        // The next batch collects into a kept list, which holds no command of the last one.
        var kept = CommandLists.Rent();
        Assert.That(kept, Is.Empty);
        Assert.That(kept.Capacity, Is.GreaterThanOrEqualTo(100), "the list that collected the batch was kept, grown");
        CommandLists.Return(kept);
    }

    [Test]
    public void A_queue_taken_without_commands_gives_an_empty_list()
    {
        var queue = new QueuedCommands("closed", "a batch", atomic: false);
        Assert.That(queue.Take(), Is.Empty);
        Assert.That(queue.Count, Is.Zero);
    }

    [Test]
    public void A_list_grown_past_the_kept_size_is_left_to_the_collector_and_a_returned_list_is_emptied()
    {
        // Batches of other tests give their lists back when answered: empty the store first, so there is room.
        var drained = Enumerable.Range(0, 200).Select(_ => CommandLists.Rent()).ToList();
        var huge = new List<PendingCommand>(4096) { Get("a") };
        CommandLists.Return(huge);
        var small = new List<PendingCommand> { Get("b") };
        CommandLists.Return(small);

        Assert.That(small, Is.Empty, "a returned list holds no command");
        Assert.That(huge, Has.Count.EqualTo(1), "a list too big to keep is not touched");
        var rented = new List<List<PendingCommand>>();
        for (var i = 0; i < 200; i++)
        {
            rented.Add(CommandLists.Rent());
        }

        Assert.That(rented, Has.None.SameAs(huge));
        Assert.That(rented, Has.Some.SameAs(small));
        foreach (var list in rented.Concat(drained))
        {
            CommandLists.Return(list);
        }
    }

    [Test]
    public async Task A_batch_takes_the_collecting_list_itself_and_gives_it_back_only_once_its_last_reply_is_in()
    {
        var drained = Enumerable.Range(0, 200).Select(_ => CommandLists.Rent()).ToList();
        var queue = new QueuedCommands("closed", "a batch", atomic: false);
        var commands = Enumerable.Range(0, 3).Select(i => Get($"k{i}")).ToArray();
        foreach (var command in commands)
        {
            queue.Add(command, CancellationToken.None);
        }

        var taken = queue.Take(handOver: true);
        Assert.That(taken, Is.EqualTo(commands));
        Assert.That(taken.Capacity, Is.GreaterThan(3), "the collecting list, not a copy at the exact count");

        var batch = new BatchCommand(taken, Timeout);
        Assert.That(batch.TryBeginWrite(), Is.True);
        var reply = new ReadOnlySequence<byte>("$1\r\nv\r\n"u8.ToArray());
        Assert.That(batch.OnReply(reply), Is.False);
        Assert.That(batch.OnReply(reply), Is.False);
        Assert.That(CommandLists.Rent(), Is.Not.SameAs(taken), "not given back while a reply is still to come");
        Assert.That(batch.OnReply(reply), Is.True, "the last reply");

        var reused = CommandLists.Rent();
        Assert.Multiple(() =>
        {
            Assert.That(reused, Is.SameAs(taken), "given back once every reply is in");
            Assert.That(reused, Is.Empty);
            Assert.That(batch.Parts, Is.Empty, "the answered batch no longer reads the list");
            Assert.That(batch.TryTimeOut(long.MaxValue), Is.True, "a late sweep finds nothing to time out");
            Assert.That(batch.OnReply(reply), Is.True, "a stray reply finds an answered batch");
        });
        foreach (var command in commands)
        {
            Assert.That((await command.Task).ToString(), Is.EqualTo("v"));
        }

        await batch.Completion;
        CommandLists.Return(reused);
        drained.ForEach(CommandLists.Return);
    }

    private static PendingCommand<RedisValue> Get(string key)
    {
        var command = PendingCommand<RedisValue>.Rent(CommandTokens.Get, ReplyParsers.Value, Timeout);
        CommandEncoder.Write(command, CommandTokens.Get, (RedisKey)key);
        return command;
    }
}
