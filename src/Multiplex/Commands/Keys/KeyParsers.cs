using System.Buffers.Text;
using Multiplex.Protocol;

namespace Multiplex.Commands.Keys;

/// <summary>Reply parsers of the key commands.</summary>
internal static class KeyParsers
{
    /// <summary>An array of keys; a null array is empty.</summary>
    public static readonly ReplyParser<RedisKey[]> KeyArray = new KeyArrayParser();

    /// <summary>A key, or a null key for a null reply.</summary>
    public static readonly ReplyParser<RedisKey> Key = new KeyParser();

    /// <summary>A bulk string's bytes, or null.</summary>
    public static readonly ReplyParser<byte[]?> Bytes = new BytesParser();

    /// <summary>A <c>TYPE</c> reply.</summary>
    public static readonly ReplyParser<RedisType> Type = new TypeParser();

    /// <summary>A <c>SCAN</c> reply: a cursor and an array of keys.</summary>
    public static readonly ReplyParser<ScanPage> Scan = new ScanParser();

    private static RedisKey[] ReadKeys(ref RespReader reader)
    {
        if (reader.IsNull || reader.ChildCount == 0)
        {
            return [];
        }

        var keys = new RedisKey[reader.ChildCount];
        for (var i = 0; i < keys.Length; i++)
        {
            reader.TryMoveNext();
            keys[i] = reader.ReadBytes();
        }

        return keys;
    }

    private sealed class KeyArrayParser : ReplyParser<RedisKey[]>
    {
        public override RedisKey[] Parse(ref RespReader reader) => ReadKeys(ref reader);
    }

    private sealed class KeyParser : ReplyParser<RedisKey>
    {
        public override RedisKey Parse(ref RespReader reader) => reader.ReadBytes();
    }

    private sealed class BytesParser : ReplyParser<byte[]?>
    {
        public override byte[]? Parse(ref RespReader reader) => reader.ReadBytes();
    }

    private sealed class TypeParser : ReplyParser<RedisType>
    {
        public override RedisType Parse(ref RespReader reader) => RedisTypeNames.Parse(reader.ReadString());
    }

    private sealed class ScanParser : ReplyParser<ScanPage>
    {
        public override ScanPage Parse(ref RespReader reader)
        {
            reader.TryMoveNext();
            var cursorBytes = reader.ReadBytes() ?? [];
            if (!Utf8Parser.TryParse(cursorBytes, out ulong cursor, out var consumed) || consumed != cursorBytes.Length)
            {
                throw new RedisProtocolException("Unexpected reply: the scan cursor is not an unsigned integer.");
            }

            reader.TryMoveNext();
            return new ScanPage(cursor, ReadKeys(ref reader));
        }
    }
}
