using Multiplex.Protocol;
using Multiplex.Topology;

namespace Multiplex.Commands;

/// <summary>Names of the scripting and function commands and their keywords.</summary>
internal static class ScriptingTokens
{
    public static readonly CommandSpec Eval = CommandSpec.Other("EVAL", null, KeySpec.Counted(2));
    public static readonly CommandSpec EvalSha = CommandSpec.Other("EVALSHA", null, KeySpec.Counted(2));
    public static readonly CommandSpec EvalRo = CommandSpec.Read("EVAL_RO", KeySpec.Counted(2));
    public static readonly CommandSpec EvalShaRo = CommandSpec.Read("EVALSHA_RO", KeySpec.Counted(2));
    public static readonly CommandSpec FCall = CommandSpec.Other("FCALL", null, KeySpec.Counted(2));
    public static readonly CommandSpec FCallRo = CommandSpec.Read("FCALL_RO", KeySpec.Counted(2));

    public static readonly CommandSpec FunctionDelete = CommandSpec.Write("FUNCTION", "DELETE", KeySpec.None).OnAllPrimaries(ReplyAggregate.AllSucceeded);
    public static readonly CommandSpec FunctionDump = CommandSpec.Other("FUNCTION", "DUMP");
    public static readonly CommandSpec FunctionFlush = CommandSpec.Write("FUNCTION", "FLUSH", KeySpec.None).OnAllPrimaries(ReplyAggregate.AllSucceeded).AsAdmin();
    public static readonly CommandSpec FunctionList = CommandSpec.Other("FUNCTION", "LIST");
    public static readonly CommandSpec FunctionLoad = CommandSpec.Write("FUNCTION", "LOAD", KeySpec.None).OnAllPrimaries(ReplyAggregate.AllSucceeded);
    public static readonly CommandSpec FunctionRestore = CommandSpec.Write("FUNCTION", "RESTORE", KeySpec.None).OnAllPrimaries(ReplyAggregate.AllSucceeded).AsAdmin();
    public static readonly CommandSpec ScriptExists = CommandSpec.Other("SCRIPT", "EXISTS").OnAllPrimaries(ReplyAggregate.LogicalAnd);
    public static readonly CommandSpec ScriptFlush = CommandSpec.Other("SCRIPT", "FLUSH").OnAllNodes(ReplyAggregate.AllSucceeded).AsAdmin();
    public static readonly CommandSpec ScriptLoad = CommandSpec.Other("SCRIPT", "LOAD").OnAllNodes(ReplyAggregate.AllSucceeded);

    // Subcommands and keywords
    public static readonly CommandToken Load = CommandToken.Get("LOAD");
    public static readonly CommandToken Exists = CommandToken.Get("EXISTS");
    public static readonly CommandToken Flush = CommandToken.Get("FLUSH");
    public static readonly CommandToken List = CommandToken.Get("LIST");
    public static readonly CommandToken Delete = CommandToken.Get("DELETE");
    public static readonly CommandToken Dump = CommandToken.Get("DUMP");
    public static readonly CommandToken Restore = CommandToken.Get("RESTORE");
    public static readonly CommandToken Replace = CommandToken.Get("REPLACE");
    public static readonly CommandToken Append = CommandToken.Get("APPEND");
    public static readonly CommandToken LibraryName = CommandToken.Get("LIBRARYNAME");
    public static readonly CommandToken WithCode = CommandToken.Get("WITHCODE");
    public static readonly CommandToken Async = CommandToken.Get("ASYNC");
    public static readonly CommandToken Sync = CommandToken.Get("SYNC");
}
