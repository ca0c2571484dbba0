using System.Buffers;
using Multiplex.Protocol;

namespace Multiplex.Commands.Collections;

/// <summary>Encodes <c>HSCAN/SSCAN key cursor [MATCH pattern] [COUNT count]</c>.</summary>
internal static class ScanEncoder
{
    private static readonly CommandToken Match = CommandToken.Get("MATCH");
    private static readonly CommandToken Count = CommandToken.Get("COUNT");

    public static void Write(IBufferWriter<byte> writer, CommandSpec command, in RedisKey key, in RedisValue cursor, in RedisValue pattern, int? count)
    {
        RespWriter.WriteArrayHeader(writer, command.NameLength + 2 + (pattern.IsNull ? 0 : 2) + (count is null ? 0 : 2));
        command.WriteName(writer);
        RespWriter.WriteBulkString(writer, key);
        RespWriter.WriteBulkString(writer, cursor);
        if (!pattern.IsNull)
        {
            RespWriter.WriteCommandToken(writer, Match);
            RespWriter.WriteBulkString(writer, pattern);
        }

        if (count is { } hint)
        {
            RespWriter.WriteCommandToken(writer, Count);
            RespWriter.WriteBulkString(writer, hint);
        }
    }
}
