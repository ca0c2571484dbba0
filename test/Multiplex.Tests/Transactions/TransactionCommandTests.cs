using System.Text;
using Multiplex.Commands;
using Multiplex.Connections;
using Multiplex.Tests.Protocol;
using Multiplex.Transactions;

namespace Multiplex.Tests.Transactions;

/// <summary>The MULTI/EXEC in-flight entry, fed reply frames as wire strings.</summary>
public sealed class TransactionCommandTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    [Test]
    public void Multi_the_commands_and_exec_are_encoded_as_one_contiguous_unit()
    {
        var incr = Command(CommandTokens.Incr, "k", ReplyParsers.Int64);
        var get = Command(CommandTokens.Get, "k", ReplyParsers.Value);
        var transaction = new TransactionCommand([incr, get], Timeout);

        Assert.That(
            Encoding.ASCII.GetString(transaction.Encoded),
            Is.EqualTo("*1\r\n$5\r\nMULTI\r\n*2\r\n$4\r\nINCR\r\n$1\r\nk\r\n*2\r\n$3\r\nGET\r\n$1\r\nk\r\n*1\r\n$4\r\nEXEC\r\n"));
    }

    [Test]
    public async Task Each_element_of_execs_array_completes_its_own_command_even_when_the_frame_is_split_anywhere()
    {
        const string Exec = "*4\r\n:5\r\n*2\r\n$1\r\na\r\n$-1\r\n-WRONGTYPE wrong kind\r\n|1\r\n+ttl\r\n:3\r\n$2\r\nok\r\n";
        var data = Wire.Bytes(Exec);
        for (var cut = 0; cut < data.Length; cut++)
        {
            var incr = Command(CommandTokens.Incr, "k", ReplyParsers.Int64);
            var values = Command(CommandTokens.Get, "l", ReplyParsers.Values);
            var wrong = Command(CommandTokens.Get, "w", ReplyParsers.Value);
            var attributed = Command(CommandTokens.Get, "s", ReplyParsers.Value);
            var transaction = new TransactionCommand([incr, values, wrong, attributed], Timeout);

            Assert.That(transaction.OnReply(Wire.Whole("+OK\r\n")), Is.False);
            for (var i = 0; i < 4; i++)
            {
                Assert.That(transaction.OnReply(Wire.Whole("+QUEUED\r\n")), Is.False);
            }

            Assert.That(transaction.OnReply(cut == 0 ? Wire.BytePerSegment(data) : Wire.Split(data, cut)), Is.True, $"cut {cut}");
            Assert.That(await transaction.Completion, Is.True);
            Assert.That(await incr.Task, Is.EqualTo(5));
            Assert.That((await values.Task).Select(value => (string?)value), Is.EqualTo(new[] { "a", null }));
            var error = Assert.ThrowsAsync<RedisServerException>(async () => await wrong.Task);
            Assert.That(error!.Kind, Is.EqualTo(ServerErrorKind.WrongType));
            Assert.That((string?)await attributed.Task, Is.EqualTo("ok"));
        }
    }

    [Test]
    public void Execabort_fails_the_refused_command_with_its_own_error_and_the_others_as_aborted()
    {
        var set = Command(CommandTokens.Incr, "k", ReplyParsers.Int64);
        var unknown = Command(CommandTokens.Get, "k", ReplyParsers.Value);
        var transaction = new TransactionCommand([set, unknown], Timeout);

        transaction.OnReply(Wire.Whole("+OK\r\n"));
        transaction.OnReply(Wire.Whole("+QUEUED\r\n"));
        transaction.OnReply(Wire.Whole("-ERR wrong number of arguments for 'get' command\r\n"));
        Assert.That(transaction.OnReply(Wire.Whole("-EXECABORT Transaction discarded because of previous errors.\r\n")), Is.True);

        var aborted = Assert.ThrowsAsync<TransactionAbortedException>(async () => await transaction.Completion);
        Assert.That(aborted!.Message, Does.Contain("Command 2 of 2 (GET) was refused: ERR wrong number"));
        Assert.ThrowsAsync<TransactionAbortedException>(async () => await set.Task);
        var refused = Assert.ThrowsAsync<RedisServerException>(async () => await unknown.Task);
        Assert.That(refused!.ServerMessage, Does.StartWith("ERR wrong number"));
    }

    [Test]
    public async Task A_null_exec_reply_completes_every_command_as_cancelled()
    {
        var incr = Command(CommandTokens.Incr, "k", ReplyParsers.Int64);
        var transaction = new TransactionCommand([incr], Timeout);
        transaction.OnReply(Wire.Whole("+OK\r\n"));
        transaction.OnReply(Wire.Whole("+QUEUED\r\n"));
        Assert.That(transaction.OnReply(Wire.Whole("*-1\r\n")), Is.True);

        Assert.That(await transaction.Completion, Is.False);
        Assert.ThrowsAsync(Is.InstanceOf<OperationCanceledException>(), async () => await incr.Task);
    }

    [Test]
    public void A_timed_out_transaction_still_takes_every_one_of_its_replies()
    {
        var incr = Command(CommandTokens.Incr, "k", ReplyParsers.Int64);
        var transaction = new TransactionCommand([incr], TimeSpan.FromMilliseconds(1));
        Assert.That(transaction.TryBeginWrite(), Is.True);
        Assert.That(transaction.TryTimeOut(Environment.TickCount64 + 10), Is.True);

        Assert.That(transaction.OnReply(Wire.Whole("+OK\r\n")), Is.False);
        Assert.That(transaction.OnReply(Wire.Whole("+QUEUED\r\n")), Is.False);
        Assert.That(transaction.OnReply(Wire.Whole("*1\r\n:1\r\n")), Is.True);
        var error = Assert.ThrowsAsync<RedisTimeoutException>(async () => await incr.Task);
        Assert.That(error!.Outcome, Is.EqualTo(CommandOutcome.Unknown));
        Assert.ThrowsAsync<RedisTimeoutException>(async () => await transaction.Completion);
    }

    private static PendingCommand<T> Command<T>(CommandSpec token, string key, ReplyParser<T> parser)
    {
        var command = PendingCommand<T>.Rent(token, parser, Timeout);
        CommandEncoder.Write(command, token, (RedisKey)key);
        return command;
    }
}
