using Multiplex.Protocol;

namespace Multiplex.Commands;

/// <summary>Names of the scripting and function commands and their keywords.</summary>
internal static class ScriptingTokens
{
    public static readonly CommandToken Eval = CommandToken.Get("EVAL");
    public static readonly CommandToken EvalSha = CommandToken.Get("EVALSHA");
    public static readonly CommandToken EvalRo = CommandToken.Get("EVAL_RO");
    public static readonly CommandToken EvalShaRo = CommandToken.Get("EVALSHA_RO");
    public static readonly CommandToken Script = CommandToken.Get("SCRIPT");
    public static readonly CommandToken Function = CommandToken.Get("FUNCTION");
    public static readonly CommandToken FCall = CommandToken.Get("FCALL");
    public static readonly CommandToken FCallRo = CommandToken.Get("FCALL_RO");

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
