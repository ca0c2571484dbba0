namespace Multiplex;

/// <summary>Maps the first word of a server error to a <see cref="ServerErrorKind"/>.</summary>
internal static class ServerErrorParser
{
    public static ServerErrorKind Classify(string message, out string prefix)
    {
        var space = message.IndexOf(' ', StringComparison.Ordinal);
        prefix = space < 0 ? message : message[..space];
        return prefix switch
        {
            "WRONGTYPE" => ServerErrorKind.WrongType,
            "MOVED" => ServerErrorKind.Moved,
            "ASK" => ServerErrorKind.Ask,
            "TRYAGAIN" => ServerErrorKind.TryAgain,
            "CLUSTERDOWN" => ServerErrorKind.ClusterDown,
            "CROSSSLOT" => ServerErrorKind.CrossSlot,
            "NOSCRIPT" => ServerErrorKind.NoScript,
            "READONLY" => ServerErrorKind.ReadOnly,
            "BUSY" => ServerErrorKind.Busy,
            "LOADING" => ServerErrorKind.Loading,
            "MASTERDOWN" => ServerErrorKind.MasterDown,
            "NOAUTH" => ServerErrorKind.NoAuth,
            "WRONGPASS" => ServerErrorKind.WrongPass,
            "NOPERM" => ServerErrorKind.NoPermission,
            "EXECABORT" => ServerErrorKind.ExecAbort,
            "OOM" => ServerErrorKind.OutOfMemory,
            "NOPROTO" => ServerErrorKind.NoProto,
            "UNKILLABLE" or "NOTBUSY" => ServerErrorKind.ScriptControl,
            "BUSYGROUP" => ServerErrorKind.BusyGroup,
            "NOGROUP" => ServerErrorKind.NoGroup,
            "BUSYKEY" => ServerErrorKind.BusyKey,
            "NOREPLICAS" => ServerErrorKind.NoReplicas,
            "MISCONF" => ServerErrorKind.Misconfigured,
            "UNBLOCKED" => ServerErrorKind.Unblocked,
            "DENIED" => ServerErrorKind.Denied,
            _ => ServerErrorKind.Error,
        };
    }
}
