using Multiplex.Protocol;

namespace Multiplex.Commands;

/// <summary>Names of the server, client, diagnostics and ACL commands and their keywords.</summary>
internal static class ServerTokens
{
    public static readonly CommandToken Info = CommandToken.Get("INFO");
    public static readonly CommandToken Config = CommandToken.Get("CONFIG");
    public static readonly CommandToken DbSize = CommandToken.Get("DBSIZE");
    public static readonly CommandToken FlushDb = CommandToken.Get("FLUSHDB");
    public static readonly CommandToken FlushAll = CommandToken.Get("FLUSHALL");
    public static readonly CommandToken Time = CommandToken.Get("TIME");
    public static readonly CommandToken LastSave = CommandToken.Get("LASTSAVE");
    public static readonly CommandToken Role = CommandToken.Get("ROLE");
    public static readonly CommandToken SwapDb = CommandToken.Get("SWAPDB");
    public static readonly CommandToken Client = CommandToken.Get("CLIENT");
    public static readonly CommandToken SlowLog = CommandToken.Get("SLOWLOG");
    public static readonly CommandToken Latency = CommandToken.Get("LATENCY");
    public static readonly CommandToken Memory = CommandToken.Get("MEMORY");
    public static readonly CommandToken Command = CommandToken.Get("COMMAND");
    public static readonly CommandToken Acl = CommandToken.Get("ACL");
    public static readonly CommandToken Save = CommandToken.Get("SAVE");
    public static readonly CommandToken BgSave = CommandToken.Get("BGSAVE");
    public static readonly CommandToken BgRewriteAof = CommandToken.Get("BGREWRITEAOF");
    public static readonly CommandToken Shutdown = CommandToken.Get("SHUTDOWN");
    public static readonly CommandToken Lolwut = CommandToken.Get("LOLWUT");
    public static readonly CommandToken Module = CommandToken.Get("MODULE");
    public static readonly CommandToken Failover = CommandToken.Get("FAILOVER");

    // Subcommands
    public static readonly CommandToken Get = CommandToken.Get("GET");
    public static readonly CommandToken Set = CommandToken.Get("SET");
    public static readonly CommandToken ResetStat = CommandToken.Get("RESETSTAT");
    public static readonly CommandToken Rewrite = CommandToken.Get("REWRITE");
    public static readonly CommandToken List = CommandToken.Get("LIST");
    public static readonly CommandToken InfoSubcommand = CommandToken.Get("INFO");
    public static readonly CommandToken Id = CommandToken.Get("ID");
    public static readonly CommandToken GetName = CommandToken.Get("GETNAME");
    public static readonly CommandToken SetName = CommandToken.Get("SETNAME");
    public static readonly CommandToken Kill = CommandToken.Get("KILL");
    public static readonly CommandToken NoEvict = CommandToken.Get("NO-EVICT");
    public static readonly CommandToken NoTouch = CommandToken.Get("NO-TOUCH");
    public static readonly CommandToken Pause = CommandToken.Get("PAUSE");
    public static readonly CommandToken Unpause = CommandToken.Get("UNPAUSE");
    public static readonly CommandToken Len = CommandToken.Get("LEN");
    public static readonly CommandToken Reset = CommandToken.Get("RESET");
    public static readonly CommandToken Latest = CommandToken.Get("LATEST");
    public static readonly CommandToken History = CommandToken.Get("HISTORY");
    public static readonly CommandToken Usage = CommandToken.Get("USAGE");
    public static readonly CommandToken Stats = CommandToken.Get("STATS");
    public static readonly CommandToken Count = CommandToken.Get("COUNT");
    public static readonly CommandToken Docs = CommandToken.Get("DOCS");
    public static readonly CommandToken SetUser = CommandToken.Get("SETUSER");
    public static readonly CommandToken DelUser = CommandToken.Get("DELUSER");
    public static readonly CommandToken GetUser = CommandToken.Get("GETUSER");
    public static readonly CommandToken Users = CommandToken.Get("USERS");
    public static readonly CommandToken WhoAmI = CommandToken.Get("WHOAMI");
    public static readonly CommandToken Cat = CommandToken.Get("CAT");
    public static readonly CommandToken Log = CommandToken.Get("LOG");

    // Keywords
    public static readonly CommandToken On = CommandToken.Get("ON");
    public static readonly CommandToken Off = CommandToken.Get("OFF");
    public static readonly CommandToken Type = CommandToken.Get("TYPE");
    public static readonly CommandToken Addr = CommandToken.Get("ADDR");
    public static readonly CommandToken LAddr = CommandToken.Get("LADDR");
    public static readonly CommandToken User = CommandToken.Get("USER");
    public static readonly CommandToken SkipMe = CommandToken.Get("SKIPME");
    public static readonly CommandToken Yes = CommandToken.Get("yes");
    public static readonly CommandToken No = CommandToken.Get("no");
    public static readonly CommandToken Write = CommandToken.Get("WRITE");
    public static readonly CommandToken All = CommandToken.Get("ALL");
    public static readonly CommandToken Samples = CommandToken.Get("SAMPLES");
    public static readonly CommandToken Schedule = CommandToken.Get("SCHEDULE");
    public static readonly CommandToken Filterby = CommandToken.Get("FILTERBY");
    public static readonly CommandToken Pattern = CommandToken.Get("PATTERN");
    public static readonly CommandToken AclCat = CommandToken.Get("ACLCAT");
    public static readonly CommandToken NoSave = CommandToken.Get("NOSAVE");
    public static readonly CommandToken SaveKeyword = CommandToken.Get("SAVE");
    public static readonly CommandToken Now = CommandToken.Get("NOW");
    public static readonly CommandToken Force = CommandToken.Get("FORCE");
    public static readonly CommandToken Abort = CommandToken.Get("ABORT");
    public static readonly CommandToken Version = CommandToken.Get("VERSION");
    public static readonly CommandToken To = CommandToken.Get("TO");
    public static readonly CommandToken Timeout = CommandToken.Get("TIMEOUT");
}
