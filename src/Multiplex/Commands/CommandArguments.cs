using System.Buffers;
using Multiplex.Protocol;

namespace Multiplex.Commands;

/// <summary>
/// Collects the arguments of a command whose length depends on its options, counting them as they are
/// encoded, so the array header can be written once the count is known. One instance per thread is
/// reused; encoding is synchronous and finishes before the command is queued.
/// </summary>
internal sealed class CommandArguments
{
    // Buffers that grew beyond this are not kept for reuse.
    private const int MaxRetainedBytes = 64 * 1024;

    [ThreadStatic]
    private static CommandArguments? _cached;

    private readonly ArrayBufferWriter<byte> _buffer = new(256);

    /// <summary>How many arguments (after the command name) have been added.</summary>
    public int Count { get; private set; }

    /// <summary>Takes this thread's empty argument list.</summary>
    public static CommandArguments Rent()
    {
        var arguments = _cached ?? new CommandArguments();
        _cached = null;
        arguments.Count = 0;
        arguments._buffer.ResetWrittenCount();
        return arguments;
    }

    public CommandArguments Add(CommandToken token)
    {
        RespWriter.WriteCommandToken(_buffer, token);
        Count++;
        return this;
    }

    public CommandArguments Add(in RedisKey key)
    {
        RespWriter.WriteBulkString(_buffer, key);
        Count++;
        return this;
    }

    public CommandArguments Add(in RedisValue value)
    {
        RespWriter.WriteBulkString(_buffer, value);
        Count++;
        return this;
    }

    public CommandArguments Add(string value)
    {
        RespWriter.WriteBulkString(_buffer, value);
        Count++;
        return this;
    }

    public CommandArguments Add(long value)
    {
        RespWriter.WriteBulkString(_buffer, value);
        Count++;
        return this;
    }

    public CommandArguments Add(double value)
    {
        RespWriter.WriteBulkString(_buffer, value);
        Count++;
        return this;
    }

    /// <summary>
    /// Writes <paramref name="command"/>'s name (and its subcommand, if it has one) and the arguments as
    /// one RESP array, then returns this list for reuse.
    /// </summary>
    public void WriteTo(IBufferWriter<byte> writer, CommandSpec command)
    {
        RespWriter.WriteArrayHeader(writer, command.NameLength + Count);
        command.WriteName(writer);
        writer.Write(_buffer.WrittenSpan);
        if (_buffer.Capacity <= MaxRetainedBytes)
        {
            _cached = this;
        }
    }
}
