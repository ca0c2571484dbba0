using System.Runtime.InteropServices;
using System.Text;
using Multiplex.Commands;
using Multiplex.Connections;

namespace Multiplex.Tests.Connections;

/// <summary>
/// A large argument (over 4 MiB) is copied into its command's buffer once: the buffer is allocated at
/// the size the command needs (not doubled up to it, not rented at the next power of two), and the
/// writer may hand the frame to the transport as it is. Smaller ones stay in pooled buffers.
/// Allocations are measured on one thread, so the figures are exact.
/// </summary>
public sealed class LargeArgumentBufferTests
{
    private const int Megabyte = 1024 * 1024;

    // Room the buffer leaves after a large argument (PendingCommand.LargeBufferSlack), and a margin for
    // the command's other, small allocations.
    private const int Slack = 4 * 1024;
    private const int Margin = 16 * 1024;

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    [Test]
    public void A_large_argument_is_copied_into_one_buffer_of_the_size_of_the_command()
    {
        var value = Value(5 * Megabyte);
        var command = PendingCommand<bool>.Rent(CommandTokens.Set, ReplyParsers.Boolean, Timeout);

        var before = GC.GetAllocatedBytesForCurrentThread();
        CommandEncoder.Write(command, "SET", ["key", value, "PX", 1000]);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        var expected = (byte[])[.. Ascii($"*5\r\n$3\r\nSET\r\n$3\r\nkey\r\n${value.Length}\r\n"), .. value, .. Ascii("\r\n$2\r\nPX\r\n$4\r\n1000\r\n")];
        Assert.That(command.Encoded.SequenceEqual(expected), Is.True);
        Assert.That(command.TryGetLargeFrame(out var frame), Is.True);
        Assert.That(MemoryMarshal.TryGetArray(frame, out var buffer), Is.True);
        Assert.That(buffer.Array!.Length, Is.InRange(expected.Length, expected.Length + Slack), "allocated at the size needed, not a power of two");
        Assert.That(allocated, Is.LessThan(value.Length + Slack + Margin), "one buffer, the value copied into it once");
        Release(command);
    }

    [Test]
    public void A_command_of_a_few_megabytes_stays_in_a_pooled_buffer_and_is_written_from_it()
    {
        var command = PendingCommand<bool>.Rent(CommandTokens.Set, ReplyParsers.Boolean, Timeout);
        CommandEncoder.Write(command, "SET", ["key", Value((4 * Megabyte) - 100)]);

        Assert.That(command.TryGetLargeFrame(out var frame), Is.True);
        Assert.That(MemoryMarshal.TryGetArray(frame, out var buffer) && buffer.Array!.Length <= 4 * Megabyte, Is.True, "a pooled buffer");
        Release(command);
    }

    [Test]
    public void A_command_up_to_64_KiB_is_copied_into_the_pipe()
    {
        var command = PendingCommand<bool>.Rent(CommandTokens.Set, ReplyParsers.Boolean, Timeout);
        CommandEncoder.Write(command, "SET", ["key", Value((64 * 1024) - 100)]);

        Assert.That(command.TryGetLargeFrame(out _), Is.False);
        Release(command);
    }

    [Test]
    public void A_command_held_for_a_write_is_not_recycled_when_its_caller_and_the_wire_let_go_only_after_the_write()
    {
        var command = PendingCommand<bool>.Rent(CommandTokens.Set, ReplyParsers.Boolean, Timeout);
        CommandEncoder.Write(command, "SET", ["key", Value(100 * 1024)]);
        command.HoldForWrite();

        Release(command);
        var meanwhile = PendingCommand<bool>.Rent(CommandTokens.Set, ReplyParsers.Boolean, Timeout);
        Assert.That(meanwhile, Is.Not.SameAs(command), "still held by the write: its buffer is not given to anyone");
        Assert.That(command.TryGetLargeFrame(out var frame) && frame.Length > 100 * 1024, Is.True, "the frame is intact");

        // This thread's recycled-command slot is empty now (meanwhile took what it held): the command
        // lands there when the write lets go of it.
        command.ReleaseAfterWrite();
        var after = PendingCommand<bool>.Rent(CommandTokens.Set, ReplyParsers.Boolean, Timeout);
        Assert.That(after, Is.SameAs(command), "recycled once the write let go");
        Release(after);
        Release(meanwhile);
    }

    [Test]
    public void A_recycled_command_lets_its_large_buffer_go_and_starts_small_again()
    {
        var large = PendingCommand<bool>.Rent(CommandTokens.Set, ReplyParsers.Boolean, Timeout);
        CommandEncoder.Write(large, "SET", ["key", Value(5 * Megabyte)]);
        Release(large);

        // The same thread gets the recycled command back first.
        var next = PendingCommand<bool>.Rent(CommandTokens.Set, ReplyParsers.Boolean, Timeout);
        CommandEncoder.Write(next, "SET", ["key", "v"]);

        Assert.That(next, Is.SameAs(large));
        Assert.That(next.Encoded.SequenceEqual(Ascii("*3\r\n$3\r\nSET\r\n$3\r\nkey\r\n$1\r\nv\r\n")), Is.True);
        Assert.That(next.TryGetLargeFrame(out var frame), Is.False);
        Assert.That(MemoryMarshal.TryGetArray(frame, out var buffer) && buffer.Array!.Length < Megabyte, Is.True, "the large buffer is not kept");
        Release(next);
    }

    [Test]
    public void Several_large_arguments_are_all_encoded_whole()
    {
        var values = Enumerable.Range(0, 4).Select(i => Value((3 * Megabyte) + i)).ToArray();
        var command = PendingCommand<bool>.Rent(CommandTokens.Set, ReplyParsers.Boolean, Timeout);
        CommandEncoder.Write(command, "MSET", ["a", values[0], "b", values[1], "c", values[2], "d", values[3]]);

        var expected = new List<byte>(Ascii("*9\r\n$4\r\nMSET\r\n"));
        foreach (var (key, value) in new[] { "a", "b", "c", "d" }.Zip(values))
        {
            expected.AddRange(Ascii($"$1\r\n{key}\r\n${value.Length}\r\n"));
            expected.AddRange(value);
            expected.AddRange(Ascii("\r\n"));
        }

        Assert.That(command.Encoded.SequenceEqual(expected.ToArray()), Is.True);
        Release(command);
    }

    private static void Release(PendingCommand<bool> command)
    {
        var task = command.Task;
        command.TryFail(new InvalidOperationException("not sent"));
        command.MarkAbandoned();
        command.ReleaseWire();
        Assert.That(task.IsFaulted, Is.True);
        _ = task.AsTask().Exception;
    }

    private static byte[] Ascii(string text) => Encoding.ASCII.GetBytes(text);

    private static byte[] Value(int size)
    {
        var value = new byte[size];
        new Random(size).NextBytes(value);
        return value;
    }
}
