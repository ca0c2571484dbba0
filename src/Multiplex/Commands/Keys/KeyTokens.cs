using Multiplex.Protocol;

namespace Multiplex.Commands.Keys;

/// <summary>Pre-encoded names and keywords of the key commands.</summary>
internal static class KeyTokens
{
    public static readonly CommandToken Unlink = CommandToken.Get("UNLINK");
    public static readonly CommandToken ExpireAt = CommandToken.Get("EXPIREAT");
    public static readonly CommandToken PExpireAt = CommandToken.Get("PEXPIREAT");
    public static readonly CommandToken ExpireTime = CommandToken.Get("EXPIRETIME");
    public static readonly CommandToken PExpireTime = CommandToken.Get("PEXPIRETIME");
    public static readonly CommandToken Persist = CommandToken.Get("PERSIST");
    public static readonly CommandToken Type = CommandToken.Get("TYPE");
    public static readonly CommandToken Rename = CommandToken.Get("RENAME");
    public static readonly CommandToken RenameNx = CommandToken.Get("RENAMENX");
    public static readonly CommandToken Copy = CommandToken.Get("COPY");
    public static readonly CommandToken Dump = CommandToken.Get("DUMP");
    public static readonly CommandToken Restore = CommandToken.Get("RESTORE");
    public static readonly CommandToken Object = CommandToken.Get("OBJECT");
    public static readonly CommandToken Touch = CommandToken.Get("TOUCH");
    public static readonly CommandToken RandomKey = CommandToken.Get("RANDOMKEY");
    public static readonly CommandToken Sort = CommandToken.Get("SORT");
    public static readonly CommandToken SortRo = CommandToken.Get("SORT_RO");
    public static readonly CommandToken Move = CommandToken.Get("MOVE");
    public static readonly CommandToken Keys = CommandToken.Get("KEYS");
    public static readonly CommandToken Scan = CommandToken.Get("SCAN");

    // Keywords
    public static readonly CommandToken Db = CommandToken.Get("DB");
    public static readonly CommandToken Replace = CommandToken.Get("REPLACE");
    public static readonly CommandToken AbsTtl = CommandToken.Get("ABSTTL");
    public static readonly CommandToken IdleTime = CommandToken.Get("IDLETIME");
    public static readonly CommandToken Freq = CommandToken.Get("FREQ");
    public static readonly CommandToken Encoding = CommandToken.Get("ENCODING");
    public static readonly CommandToken RefCount = CommandToken.Get("REFCOUNT");
    public static readonly CommandToken By = CommandToken.Get("BY");
    public static readonly CommandToken Limit = CommandToken.Get("LIMIT");
    public static readonly CommandToken Get = CommandToken.Get("GET");
    public static readonly CommandToken Desc = CommandToken.Get("DESC");
    public static readonly CommandToken Alpha = CommandToken.Get("ALPHA");
    public static readonly CommandToken Store = CommandToken.Get("STORE");
    public static readonly CommandToken Match = CommandToken.Get("MATCH");
    public static readonly CommandToken Count = CommandToken.Get("COUNT");
}
