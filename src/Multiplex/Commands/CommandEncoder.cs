using System.Buffers;
using Multiplex.Protocol;

namespace Multiplex.Commands;

/// <summary>Encodes whole commands (an array of bulk strings) for the typed methods.</summary>
internal static class CommandEncoder
{
    public static void Write(IBufferWriter<byte> writer, CommandSpec command)
    {
        RespWriter.WriteArrayHeader(writer, command.NameLength);
        command.WriteName(writer);
    }

    public static void Write(IBufferWriter<byte> writer, CommandSpec command, RedisKey key)
    {
        if (key.RawObject is string text && text.Length <= RespWriter.OnePassStringLength)
        {
            // The common case in one piece of the writer's memory: a cache hit encodes its lookup key here too.
            var name = command.EncodedName;
            var room = writer.GetSpan(RespWriter.MaxHeaderLength + name.Length + RespWriter.GetShortBulkStringRoom(text.Length));
            var written = RespWriter.WriteArrayHeader(room, command.NameLength + 1);
            name.CopyTo(room[written..]);
            written += name.Length;
            written += RespWriter.WriteShortBulkString(room[written..], text);
            writer.Advance(written);
            return;
        }

        RespWriter.WriteArrayHeader(writer, command.NameLength + 1);
        command.WriteName(writer);
        RespWriter.WriteBulkString(writer, key);
    }

    public static void Write(IBufferWriter<byte> writer, CommandSpec command, RedisValue argument)
    {
        RespWriter.WriteArrayHeader(writer, command.NameLength + 1);
        command.WriteName(writer);
        RespWriter.WriteBulkString(writer, argument);
    }

    public static void Write(IBufferWriter<byte> writer, CommandSpec command, RedisKey key, long argument)
    {
        RespWriter.WriteArrayHeader(writer, command.NameLength + 2);
        command.WriteName(writer);
        RespWriter.WriteBulkString(writer, key);
        RespWriter.WriteBulkString(writer, argument);
    }

    public static void Write(IBufferWriter<byte> writer, CommandSpec command, ReadOnlySpan<RedisKey> keys)
    {
        RespWriter.WriteArrayHeader(writer, command.NameLength + keys.Length);
        command.WriteName(writer);
        foreach (var key in keys)
        {
            RespWriter.WriteBulkString(writer, key);
        }
    }

    public static void Write(IBufferWriter<byte> writer, string command, IReadOnlyList<RedisValue> arguments)
    {
        RespWriter.WriteArrayHeader(writer, 1 + arguments.Count);
        RespWriter.WriteBulkString(writer, command);
        for (var i = 0; i < arguments.Count; i++)
        {
            RespWriter.WriteBulkString(writer, arguments[i]);
        }
    }
}
