using Multiplex.Protocol;
using Multiplex.Topology;

namespace Multiplex.Commands.Keys;

/// <summary>Pre-encoded names and keywords of the key commands.</summary>
internal static class KeyTokens
{
    public static readonly CommandSpec Unlink = CommandSpec.Write("UNLINK", KeySpec.All).SplitBySlot(ReplyAggregate.Sum);
    public static readonly CommandSpec ExpireAt = CommandSpec.Write("EXPIREAT", KeySpec.First);
    public static readonly CommandSpec PExpireAt = CommandSpec.Write("PEXPIREAT", KeySpec.First);
    public static readonly CommandSpec ExpireTime = CommandSpec.Read("EXPIRETIME", KeySpec.First);
    public static readonly CommandSpec PExpireTime = CommandSpec.Read("PEXPIRETIME", KeySpec.First);
    public static readonly CommandSpec Persist = CommandSpec.Write("PERSIST", KeySpec.First);
    public static readonly CommandSpec Type = CommandSpec.Read("TYPE", KeySpec.First);
    public static readonly CommandSpec Rename = CommandSpec.Write("RENAME", KeySpec.Range(1, 2));
    public static readonly CommandSpec RenameNx = CommandSpec.Write("RENAMENX", KeySpec.Range(1, 2));
    public static readonly CommandSpec Copy = CommandSpec.Write("COPY", KeySpec.Range(1, 2));
    public static readonly CommandSpec Dump = CommandSpec.Read("DUMP", KeySpec.First);
    public static readonly CommandSpec Restore = CommandSpec.Write("RESTORE", KeySpec.First);
    public static readonly CommandSpec ObjectEncoding = CommandSpec.Read("OBJECT", "ENCODING", KeySpec.At(2));
    public static readonly CommandSpec ObjectFreq = CommandSpec.Read("OBJECT", "FREQ", KeySpec.At(2));
    public static readonly CommandSpec ObjectIdleTime = CommandSpec.Read("OBJECT", "IDLETIME", KeySpec.At(2));
    public static readonly CommandSpec ObjectRefCount = CommandSpec.Read("OBJECT", "REFCOUNT", KeySpec.At(2));
    public static readonly CommandSpec Touch = CommandSpec.Read("TOUCH", KeySpec.All).SplitBySlot(ReplyAggregate.Sum);
    public static readonly CommandSpec RandomKey = CommandSpec.Read("RANDOMKEY", KeySpec.None);
    public static readonly CommandSpec Sort = CommandSpec.Write("SORT", KeySpec.First.And(KeySpec.AfterKeyword("STORE", -2)));
    public static readonly CommandSpec SortRo = CommandSpec.Read("SORT_RO", KeySpec.First);
    public static readonly CommandSpec Move = CommandSpec.Write("MOVE", KeySpec.First);
    public static readonly CommandSpec Keys = CommandSpec.Read("KEYS", KeySpec.None).OnAllPrimaries(ReplyAggregate.Merge);
    public static readonly CommandSpec Scan = CommandSpec.Read("SCAN", KeySpec.None).OnAllPrimaries(ReplyAggregate.Merge);

    // Keywords
    public static readonly CommandToken Db = CommandToken.Get("DB");
    public static readonly CommandToken Replace = CommandToken.Get("REPLACE");
    public static readonly CommandToken AbsTtl = CommandToken.Get("ABSTTL");
    public static readonly CommandToken IdleTime = CommandToken.Get("IDLETIME");
    public static readonly CommandToken Freq = CommandToken.Get("FREQ");
    public static readonly CommandToken By = CommandToken.Get("BY");
    public static readonly CommandToken Limit = CommandToken.Get("LIMIT");
    public static readonly CommandToken Get = CommandToken.Get("GET");
    public static readonly CommandToken Desc = CommandToken.Get("DESC");
    public static readonly CommandToken Alpha = CommandToken.Get("ALPHA");
    public static readonly CommandToken Store = CommandToken.Get("STORE");
    public static readonly CommandToken Match = CommandToken.Get("MATCH");
    public static readonly CommandToken Count = CommandToken.Get("COUNT");
    public static readonly CommandToken TypeKeyword = CommandToken.Get("TYPE");
}
