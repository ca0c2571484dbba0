using System.Buffers;
using System.Text;
using Multiplex.Commands;
using Multiplex.Connections;
using Multiplex.PubSub;

namespace Multiplex.Tests.PubSub;

public sealed class SubscriptionCommandTests
{
    private static readonly CommandSpec Subscribe = CommandSpec.Other("SUBSCRIBE");

    [Test]
    public void Names_are_sent_in_one_variadic_command()
    {
        var command = new SubscriptionCommand(Subscribe, ["a", "bc"], TimeSpan.FromSeconds(5));
        Assert.That(Encoding.ASCII.GetString(command.Encoded), Is.EqualTo("*3\r\n$9\r\nSUBSCRIBE\r\n$1\r\na\r\n$2\r\nbc\r\n"));
        Assert.That(command.TakesPushReplies, Is.True);
    }

    [Test]
    public void The_command_is_answered_by_one_confirmation_per_name()
    {
        var command = Written(["a", "b", "c"]);

        Assert.That(command.OnReply(Frame(">3\r\n$9\r\nsubscribe\r\n$1\r\na\r\n:1\r\n")), Is.False);
        Assert.That(command.OnReply(Frame(">3\r\n$9\r\nsubscribe\r\n$1\r\nb\r\n:2\r\n")), Is.False);
        Assert.That(command.Completion.IsCompleted, Is.False);
        Assert.That(command.OnReply(Frame(">3\r\n$9\r\nsubscribe\r\n$1\r\nc\r\n:3\r\n")), Is.True);
        Assert.That(command.Completion.IsCompletedSuccessfully, Is.True);
    }

    [Test]
    public void An_error_reply_answers_the_command_at_once()
    {
        var command = Written(["a", "b"]);

        Assert.That(command.OnReply(Frame("-NOPERM no permissions to access a channel\r\n")), Is.True);
        Assert.That(command.Completion.Exception?.InnerException, Is.InstanceOf<RedisServerException>());
    }

    [Test]
    public void A_caller_that_timed_out_leaves_the_slot_until_every_confirmation_is_read()
    {
        var command = Written(["a", "b"]);

        Assert.That(command.TryTimeOut(long.MaxValue), Is.True);
        Assert.That(command.Completion.Exception?.InnerException, Is.InstanceOf<RedisTimeoutException>());
        Assert.That(command.OnReply(Frame("*3\r\n$9\r\nsubscribe\r\n$1\r\na\r\n:1\r\n")), Is.False);
        Assert.That(command.OnReply(Frame("*3\r\n$9\r\nsubscribe\r\n$1\r\nb\r\n:2\r\n")), Is.True);
    }

    [Test]
    public void A_command_released_without_being_written_fails_as_not_sent()
    {
        var command = new SubscriptionCommand(Subscribe, ["a"], TimeSpan.FromSeconds(5));
        command.ReleaseWire();
        Assert.That((command.Completion.Exception?.InnerException as RedisConnectionException)?.Outcome, Is.EqualTo(CommandOutcome.NotSent));
    }

    [Test]
    public void Ordinary_commands_are_not_answered_by_pushes()
    {
        var ping = PendingCommand<bool>.Rent(CommandTokens.Ping, ReplyParsers.Boolean, TimeSpan.FromSeconds(1));
        Assert.That(ping.TakesPushReplies, Is.False);
    }

    private static SubscriptionCommand Written(RedisValue[] names)
    {
        var command = new SubscriptionCommand(Subscribe, names, TimeSpan.FromSeconds(5));
        Assert.That(command.TryBeginWrite(), Is.True);
        return command;
    }

    private static ReadOnlySequence<byte> Frame(string wire) => new(Encoding.ASCII.GetBytes(wire));
}
