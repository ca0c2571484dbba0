using Multiplex.Protocol;
using Multiplex.Topology;

namespace Multiplex.Commands;

/// <summary>Names of the server, client, diagnostics and ACL commands and their keywords.</summary>
internal static class ServerTokens
{
    // INFO, ROLE, CLIENT LIST, SLOWLOG GET, LATENCY LATEST/HISTORY and MEMORY STATS describe one server:
    // they go to one node (the cluster topology lets callers address each node).
    public static readonly CommandSpec Info = CommandSpec.Other("INFO");
    public static readonly CommandToken Config = CommandToken.Get("CONFIG");
    public static readonly CommandSpec DbSize = CommandSpec.Read("DBSIZE", KeySpec.None).OnAllPrimaries(ReplyAggregate.Sum);
    public static readonly CommandSpec FlushDb = CommandSpec.Write("FLUSHDB", KeySpec.None).OnAllPrimaries(ReplyAggregate.AllSucceeded).AsAdmin();
    public static readonly CommandSpec FlushAll = CommandSpec.Write("FLUSHALL", KeySpec.None).OnAllPrimaries(ReplyAggregate.AllSucceeded).AsAdmin();
    public static readonly CommandSpec Time = CommandSpec.Other("TIME");
    public static readonly CommandSpec LastSave = CommandSpec.Other("LASTSAVE");
    public static readonly CommandSpec Role = CommandSpec.Other("ROLE");
    public static readonly CommandSpec SwapDb = CommandSpec.Write("SWAPDB", KeySpec.None).AsAdmin();
    public static readonly CommandToken Client = CommandToken.Get("CLIENT");
    public static readonly CommandToken SlowLog = CommandToken.Get("SLOWLOG");
    public static readonly CommandToken Latency = CommandToken.Get("LATENCY");
    public static readonly CommandToken Memory = CommandToken.Get("MEMORY");
    public static readonly CommandToken Command = CommandToken.Get("COMMAND");
    public static readonly CommandToken Acl = CommandToken.Get("ACL");
    public static readonly CommandSpec Save = CommandSpec.Other("SAVE").AsAdmin();
    public static readonly CommandSpec BgSave = CommandSpec.Other("BGSAVE").AsAdmin();
    public static readonly CommandSpec BgRewriteAof = CommandSpec.Other("BGREWRITEAOF").AsAdmin();
    public static readonly CommandSpec Shutdown = CommandSpec.Other("SHUTDOWN").AsAdmin();
    public static readonly CommandSpec Lolwut = CommandSpec.Read("LOLWUT", KeySpec.None);
    public static readonly CommandToken Module = CommandToken.Get("MODULE");
    public static readonly CommandSpec Failover = CommandSpec.Other("FAILOVER").AsAdmin();

    public static readonly CommandSpec AclCat = CommandSpec.Other("ACL", "CAT");
    public static readonly CommandSpec AclDelUser = CommandSpec.Other("ACL", "DELUSER").AsAdmin();
    public static readonly CommandSpec AclGetUser = CommandSpec.Other("ACL", "GETUSER");
    public static readonly CommandSpec AclList = CommandSpec.Other("ACL", "LIST");
    public static readonly CommandSpec AclLog = CommandSpec.Other("ACL", "LOG");
    public static readonly CommandSpec AclSetUser = CommandSpec.Other("ACL", "SETUSER").AsAdmin();
    public static readonly CommandSpec AclUsers = CommandSpec.Other("ACL", "USERS");
    public static readonly CommandSpec AclWhoAmI = CommandSpec.Other("ACL", "WHOAMI");
    public static readonly CommandSpec ClientGetName = CommandSpec.Other("CLIENT", "GETNAME");
    public static readonly CommandSpec ClientId = CommandSpec.Other("CLIENT", "ID");
    public static readonly CommandSpec ClientInfo = CommandSpec.Other("CLIENT", "INFO");
    public static readonly CommandSpec ClientKill = CommandSpec.Other("CLIENT", "KILL").AsAdmin();
    public static readonly CommandSpec ClientList = CommandSpec.Other("CLIENT", "LIST");
    public static readonly CommandSpec ClientPause = CommandSpec.Other("CLIENT", "PAUSE").AsAdmin();
    public static readonly CommandSpec ClientSetName = CommandSpec.Other("CLIENT", "SETNAME");
    public static readonly CommandSpec ClientUnpause = CommandSpec.Other("CLIENT", "UNPAUSE");
    public static readonly CommandSpec ClientUnblock = CommandSpec.Other("CLIENT", "UNBLOCK").AsAdmin();
    public static readonly CommandSpec ClientNoEvict = CommandSpec.Other("CLIENT", "NO-EVICT");
    public static readonly CommandSpec ClientNoTouch = CommandSpec.Other("CLIENT", "NO-TOUCH");
    public static readonly CommandSpec CommandCount = CommandSpec.Other("COMMAND", "COUNT");
    public static readonly CommandSpec CommandDocs = CommandSpec.Other("COMMAND", "DOCS");
    public static readonly CommandSpec CommandInfo = CommandSpec.Other("COMMAND", "INFO");
    public static readonly CommandSpec CommandList = CommandSpec.Other("COMMAND", "LIST");
    public static readonly CommandSpec ConfigGet = CommandSpec.Other("CONFIG", "GET");
    public static readonly CommandSpec ConfigResetStat = CommandSpec.Other("CONFIG", "RESETSTAT").AsAdmin();
    public static readonly CommandSpec ConfigRewrite = CommandSpec.Other("CONFIG", "REWRITE").AsAdmin();
    public static readonly CommandSpec ConfigSet = CommandSpec.Other("CONFIG", "SET").OnAllNodes(ReplyAggregate.AllSucceeded).AsAdmin();
    public static readonly CommandSpec LatencyHistory = CommandSpec.Other("LATENCY", "HISTORY");
    public static readonly CommandSpec LatencyLatest = CommandSpec.Other("LATENCY", "LATEST");
    public static readonly CommandSpec LatencyReset = CommandSpec.Other("LATENCY", "RESET").OnAllNodes(ReplyAggregate.AllSucceeded);
    public static readonly CommandSpec MemoryStats = CommandSpec.Other("MEMORY", "STATS");
    public static readonly CommandSpec MemoryUsage = CommandSpec.Read("MEMORY", "USAGE", KeySpec.At(2));
    public static readonly CommandSpec ModuleList = CommandSpec.Other("MODULE", "LIST");
    public static readonly CommandSpec SlowLogGet = CommandSpec.Other("SLOWLOG", "GET");
    public static readonly CommandSpec SlowLogLen = CommandSpec.Other("SLOWLOG", "LEN").OnAllNodes(ReplyAggregate.Sum);
    public static readonly CommandSpec SlowLogReset = CommandSpec.Other("SLOWLOG", "RESET").OnAllNodes(ReplyAggregate.AllSucceeded);

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
    public static readonly CommandToken AclCatKeyword = CommandToken.Get("ACLCAT");
    public static readonly CommandToken NoSave = CommandToken.Get("NOSAVE");
    public static readonly CommandToken SaveKeyword = CommandToken.Get("SAVE");
    public static readonly CommandToken Now = CommandToken.Get("NOW");
    public static readonly CommandToken Force = CommandToken.Get("FORCE");
    public static readonly CommandToken Abort = CommandToken.Get("ABORT");
    public static readonly CommandToken Version = CommandToken.Get("VERSION");
    public static readonly CommandToken To = CommandToken.Get("TO");
    public static readonly CommandToken Timeout = CommandToken.Get("TIMEOUT");
}
