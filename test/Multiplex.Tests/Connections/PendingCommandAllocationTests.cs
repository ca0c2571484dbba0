using Multiplex.Commands;
using Multiplex.Connections;
using Multiplex.Tests.Protocol;

namespace Multiplex.Tests.Connections;

/// <summary>
/// The client's own per-command objects are pooled: a warm pending command is rented, encoded,
/// answered and recycled without allocating. Measured on one thread, so the figure is exact.
/// </summary>
public sealed class PendingCommandAllocationTests
{
    private const int Iterations = 100;

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    [Test]
    public void Encoding_a_get_into_a_pooled_pending_command_and_recycling_it_allocates_nothing()
    {
        var reply = Wire.Whole("_\r\n");
        RedisKey key = "user:1000";
        long encodedBytes = 0;

        void RoundTrip()
        {
            var command = PendingCommand<RedisValue>.Rent(CommandTokens.Get, ReplyParsers.Value, Timeout);
            CommandEncoder.Write(command, CommandTokens.Get, key);
            encodedBytes += command.Encoded.Length;
            var task = command.Task;
            command.TryBeginWrite();
            command.OnReply(reply);
            command.ReleaseWire();
            _ = task.Result; // the caller's read lets go of the caller's hold: the command returns to the pool
        }

        RoundTrip();
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < Iterations; i++)
        {
            RoundTrip();
        }

        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.Zero);
        Assert.That(encodedBytes, Is.EqualTo((Iterations + 1) * "*2\r\n$3\r\nGET\r\n$9\r\nuser:1000\r\n".Length));
    }
}
