using Multiplex.Commands.Collections;
using Multiplex.Protocol;

namespace Multiplex.Commands.Hashes;

/// <summary>Parsers for the per-field replies of the hash-field expiry commands.</summary>
internal static class HashFieldParsers
{
    /// <summary>HEXPIRE and relatives: one status per field.</summary>
    public static readonly ReplyParser<HashFieldExpireResult[]> ExpireResults = new ExpireResultsParser();

    /// <summary>HPERSIST: one status per field.</summary>
    public static readonly ReplyParser<HashFieldPersistResult[]> PersistResults = new PersistResultsParser();

    private sealed class ExpireResultsParser : ReplyParser<HashFieldExpireResult[]>
    {
        public override HashFieldExpireResult[] Parse(ref RespReader reader) =>
            Array.ConvertAll(CollectionReader.ReadInt64s(ref reader), code => (HashFieldExpireResult)code);
    }

    private sealed class PersistResultsParser : ReplyParser<HashFieldPersistResult[]>
    {
        public override HashFieldPersistResult[] Parse(ref RespReader reader) =>
            Array.ConvertAll(CollectionReader.ReadInt64s(ref reader), code => (HashFieldPersistResult)code);
    }
}
