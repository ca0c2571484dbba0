using System.Buffers;
using Multiplex.Protocol;

namespace Multiplex.Commands;

/// <summary>Encodes whole commands (an array of bulk strings) for the typed methods.</summary>
internal static class CommandEncoder
{
    public static void Write(IBufferWriter<byte> writer, CommandToken command)
    {
        RespWriter.WriteArrayHeader(writer, 1);
        RespWriter.WriteCommandToken(writer, command);
    }

    public static void Write(IBufferWriter<byte> writer, CommandToken command, RedisKey key)
    {
        RespWriter.WriteArrayHeader(writer, 2);
        RespWriter.WriteCommandToken(writer, command);
        RespWriter.WriteBulkString(writer, key);
    }

    public static void Write(IBufferWriter<byte> writer, CommandToken command, RedisValue argument)
    {
        RespWriter.WriteArrayHeader(writer, 2);
        RespWriter.WriteCommandToken(writer, command);
        RespWriter.WriteBulkString(writer, argument);
    }

    public static void Write(IBufferWriter<byte> writer, CommandToken command, RedisKey key, long argument)
    {
        RespWriter.WriteArrayHeader(writer, 3);
        RespWriter.WriteCommandToken(writer, command);
        RespWriter.WriteBulkString(writer, key);
        RespWriter.WriteBulkString(writer, argument);
    }

    public static void Write(IBufferWriter<byte> writer, CommandToken command, ReadOnlySpan<RedisKey> keys)
    {
        RespWriter.WriteArrayHeader(writer, 1 + keys.Length);
        RespWriter.WriteCommandToken(writer, command);
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
