namespace Multiplex;

/// <summary>The kind of an error reply, taken from its first word (the error prefix).</summary>
public enum ServerErrorKind
{
    /// <summary>A generic <c>ERR</c>, or a prefix not listed here.</summary>
    Error,

    /// <summary><c>WRONGTYPE</c>: the key holds another type.</summary>
    WrongType,

    /// <summary><c>MOVED</c>: the slot lives on another cluster node.</summary>
    Moved,

    /// <summary><c>ASK</c>: the slot is migrating; ask the named node once.</summary>
    Ask,

    /// <summary><c>TRYAGAIN</c>: a multi-key operation hit a slot being migrated.</summary>
    TryAgain,

    /// <summary><c>CLUSTERDOWN</c>: the cluster cannot serve the request now.</summary>
    ClusterDown,

    /// <summary><c>CROSSSLOT</c>: the keys of one command hash to different slots.</summary>
    CrossSlot,

    /// <summary><c>NOSCRIPT</c>: no script with that SHA1 is cached on the server.</summary>
    NoScript,

    /// <summary><c>READONLY</c>: a write was sent to a read-only replica.</summary>
    ReadOnly,

    /// <summary><c>BUSY</c>: a script or function is running.</summary>
    Busy,

    /// <summary><c>LOADING</c>: the server is loading its dataset.</summary>
    Loading,

    /// <summary><c>MASTERDOWN</c>: the replica lost its link to the primary.</summary>
    MasterDown,

    /// <summary><c>NOAUTH</c>: authentication is required.</summary>
    NoAuth,

    /// <summary><c>WRONGPASS</c>: the user name or password is wrong.</summary>
    WrongPass,

    /// <summary><c>NOPERM</c>: the ACL user may not run this command or touch this key.</summary>
    NoPermission,

    /// <summary><c>EXECABORT</c>: a transaction was discarded because of earlier errors.</summary>
    ExecAbort,

    /// <summary><c>OOM</c>: the server is over its memory limit.</summary>
    OutOfMemory,

    /// <summary><c>NOPROTO</c>: the protocol version asked for in HELLO is not supported.</summary>
    NoProto,

    /// <summary><c>UNKILLABLE</c>, <c>NOTBUSY</c> and other script-control errors.</summary>
    ScriptControl,

    /// <summary><c>BUSYGROUP</c>: a consumer group of that name already exists on the stream (XGROUP CREATE).</summary>
    BusyGroup,

    /// <summary><c>NOGROUP</c>: the stream or its consumer group does not exist (XREADGROUP, XACK, XCLAIM, …).</summary>
    NoGroup,

    /// <summary><c>BUSYKEY</c>: the target key already exists (RESTORE or MIGRATE without REPLACE).</summary>
    BusyKey,

    /// <summary><c>NOREPLICAS</c>: fewer good replicas than <c>min-replicas-to-write</c>, so writes are refused.</summary>
    NoReplicas,

    /// <summary><c>MISCONF</c>: writes are refused because the server cannot persist (a failed background save).</summary>
    Misconfigured,

    /// <summary><c>UNBLOCKED</c>: a blocking command was released with an error (CLIENT UNBLOCK … ERROR).</summary>
    Unblocked,

    /// <summary><c>DENIED</c>: protected mode refuses a connection from outside the loopback interface.</summary>
    Denied,
}
