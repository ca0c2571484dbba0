using Multiplex.Protocol;

namespace Multiplex.Commands.Strings;

/// <summary>Reply parsers of the string commands.</summary>
internal static class StringParsers
{
    /// <summary>An array of values (nulls kept as <see cref="RedisValue.Null"/>); a null array is empty.</summary>
    public static readonly ReplyParser<RedisValue[]> ValueArray = ReplyParsers.Values;

    /// <summary>The reply of <c>LCS … IDX</c>: a RESP3 map or a RESP2 flat array of <c>matches</c> and <c>len</c>.</summary>
    public static readonly ReplyParser<LcsMatchResult> LcsIdx = new LcsIdxParser();

    private sealed class LcsIdxParser : ReplyParser<LcsMatchResult>
    {
        public override LcsMatchResult Parse(ref RespReader reader)
        {
            var pairs = reader.ChildCount / 2;
            LcsMatch[] matches = [];
            long length = 0;
            for (var i = 0; i < pairs; i++)
            {
                reader.TryMoveNext();
                var name = reader.ReadString();
                reader.TryMoveNext();
                switch (name)
                {
                    case "matches":
                        matches = ReadMatches(ref reader);
                        break;
                    case "len":
                        length = reader.ReadInt64();
                        break;
                    default:
                        reader.SkipChildren();
                        break;
                }
            }

            return new LcsMatchResult(matches, length);
        }

        private static LcsMatch[] ReadMatches(ref RespReader reader)
        {
            var matches = new LcsMatch[reader.ChildCount];
            for (var i = 0; i < matches.Length; i++)
            {
                reader.TryMoveNext();
                var hasLength = reader.ChildCount > 2;
                var (firstStart, firstEnd) = ReadRange(ref reader);
                var (secondStart, secondEnd) = ReadRange(ref reader);
                long? matchLength = null;
                if (hasLength)
                {
                    reader.TryMoveNext();
                    matchLength = reader.ReadInt64();
                }

                matches[i] = new LcsMatch(firstStart, firstEnd, secondStart, secondEnd, matchLength);
            }

            return matches;
        }

        private static (long Start, long End) ReadRange(ref RespReader reader)
        {
            reader.TryMoveNext();
            reader.TryMoveNext();
            var start = reader.ReadInt64();
            reader.TryMoveNext();
            return (start, reader.ReadInt64());
        }
    }
}
