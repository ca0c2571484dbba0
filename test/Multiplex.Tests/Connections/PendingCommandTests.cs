using System.Buffers;
using System.Text;
using Multiplex.Commands;
using Multiplex.Connections;

namespace Multiplex.Tests.Connections;

/// <summary>The pooled pending command: completion once, and no stale observer of a recycled object.</summary>
public sealed class PendingCommandTests
{
    [Test]
    public async Task A_stale_value_task_never_observes_a_recycled_completion()
    {
        var first = PendingCommand<long>.Rent(CommandTokens.Incr, ReplyParsers.Int64, TimeSpan.FromSeconds(5));
        var staleTask = first.Task;
        first.OnReply(Frame(":1\r\n"));
        first.ReleaseWire();
        Assert.That(await staleTask, Is.EqualTo(1));

        // The command went back to the pool; whoever gets it next has a new version.
        var second = PendingCommand<long>.Rent(CommandTokens.Incr, ReplyParsers.Int64, TimeSpan.FromSeconds(5));
        var freshTask = second.Task;
        second.OnReply(Frame(":2\r\n"));
        second.ReleaseWire();

        Assert.That(() => staleTask.GetAwaiter().GetResult(), Throws.InstanceOf<InvalidOperationException>());
        Assert.That(await freshTask, Is.EqualTo(2));
    }

    [Test]
    public async Task A_reply_after_a_timeout_is_discarded_and_the_caller_sees_only_the_timeout()
    {
        var command = PendingCommand<long>.Rent(CommandTokens.Incr, ReplyParsers.Int64, TimeSpan.FromMilliseconds(1));
        var task = command.Task;
        Assert.That(command.TryBeginWrite(), Is.True);
        Assert.That(command.TryTimeOut(Environment.TickCount64 + 10), Is.True);
        command.OnReply(Frame(":7\r\n"));
        command.ReleaseWire();

        var error = Assert.ThrowsAsync<RedisTimeoutException>(async () => await task);
        Assert.That(error!.Outcome, Is.EqualTo(CommandOutcome.Unknown));
    }

    [Test]
    public void A_command_cancelled_before_it_is_written_is_never_written()
    {
        using var source = new CancellationTokenSource();
        var command = PendingCommand<long>.Rent(CommandTokens.Incr, ReplyParsers.Int64, TimeSpan.FromSeconds(5));
        var task = command.Task;
        command.RegisterCancellation(source.Token);
        source.Cancel();

        Assert.That(command.TryBeginWrite(), Is.False);
        Assert.That(task.IsCanceled || task.IsFaulted, Is.True);
        command.ReleaseWire();
        Assert.ThrowsAsync(Is.InstanceOf<OperationCanceledException>(), async () => await task);
    }

    private static ReadOnlySequence<byte> Frame(string wire) => new(Encoding.ASCII.GetBytes(wire));
}
