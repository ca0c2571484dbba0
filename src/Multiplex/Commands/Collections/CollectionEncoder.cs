using System.Buffers;
using Multiplex.Protocol;

namespace Multiplex.Commands.Collections;

/// <summary>Encodes the argument shapes the collection commands share. Arguments are validated by the caller.</summary>
internal static class CollectionEncoder
{
    /// <summary><c>COMMAND key arg…</c>.</summary>
    public static void Write(IBufferWriter<byte> writer, CommandSpec command, in RedisKey key, scoped ReadOnlySpan<RedisValue> arguments)
    {
        RespWriter.WriteArrayHeader(writer, command.NameLength + 1 + arguments.Length);
        command.WriteName(writer);
        RespWriter.WriteBulkString(writer, key);
        foreach (var argument in arguments)
        {
            RespWriter.WriteBulkString(writer, argument);
        }
    }

    /// <summary><c>COMMAND key value…</c> with the values from a list.</summary>
    public static void Write(IBufferWriter<byte> writer, CommandSpec command, in RedisKey key, IReadOnlyList<RedisValue> values)
    {
        RespWriter.WriteArrayHeader(writer, command.NameLength + 1 + values.Count);
        command.WriteName(writer);
        RespWriter.WriteBulkString(writer, key);
        WriteValues(writer, values);
    }

    /// <summary><c>COMMAND [destination] key…</c>.</summary>
    public static void WriteKeys(IBufferWriter<byte> writer, CommandSpec command, RedisKey? destination, IReadOnlyList<RedisKey> keys)
    {
        RespWriter.WriteArrayHeader(writer, command.NameLength + (destination is null ? 0 : 1) + keys.Count);
        command.WriteName(writer);
        if (destination is { } target)
        {
            RespWriter.WriteBulkString(writer, target);
        }

        WriteKeys(writer, keys);
    }

    /// <summary>Writes each key as a bulk string.</summary>
    public static void WriteKeys(IBufferWriter<byte> writer, IReadOnlyList<RedisKey> keys)
    {
        for (var i = 0; i < keys.Count; i++)
        {
            RespWriter.WriteBulkString(writer, keys[i]);
        }
    }

    /// <summary>Writes each value as a bulk string.</summary>
    public static void WriteValues(IBufferWriter<byte> writer, IReadOnlyList<RedisValue> values)
    {
        for (var i = 0; i < values.Count; i++)
        {
            RespWriter.WriteBulkString(writer, values[i]);
        }
    }
}
