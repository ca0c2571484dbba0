namespace Multiplex.Tests.Errors;

/// <summary>Each error prefix Redis sends maps to its own kind; the texts are the servers' own.</summary>
public sealed class ServerErrorKindTests
{
    [TestCase("ERR unknown command 'FOO'", "ERR", ServerErrorKind.Error)]
    [TestCase("WRONGTYPE Operation against a key holding the wrong kind of value", "WRONGTYPE", ServerErrorKind.WrongType)]
    [TestCase("MOVED 3999 127.0.0.1:6381", "MOVED", ServerErrorKind.Moved)]
    [TestCase("ASK 3999 127.0.0.1:6381", "ASK", ServerErrorKind.Ask)]
    [TestCase("TRYAGAIN Multiple keys request during rehashing of slot", "TRYAGAIN", ServerErrorKind.TryAgain)]
    [TestCase("CLUSTERDOWN The cluster is down", "CLUSTERDOWN", ServerErrorKind.ClusterDown)]
    [TestCase("CROSSSLOT Keys in request don't hash to the same slot", "CROSSSLOT", ServerErrorKind.CrossSlot)]
    [TestCase("NOSCRIPT No matching script. Please use EVAL.", "NOSCRIPT", ServerErrorKind.NoScript)]
    [TestCase("READONLY You can't write against a read only replica.", "READONLY", ServerErrorKind.ReadOnly)]
    [TestCase("BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.", "BUSY", ServerErrorKind.Busy)]
    [TestCase("LOADING Redis is loading the dataset in memory", "LOADING", ServerErrorKind.Loading)]
    [TestCase("MASTERDOWN Link with MASTER is down and replica-serve-stale-data is set to 'no'.", "MASTERDOWN", ServerErrorKind.MasterDown)]
    [TestCase("NOAUTH Authentication required.", "NOAUTH", ServerErrorKind.NoAuth)]
    [TestCase("WRONGPASS invalid username-password pair or user is disabled.", "WRONGPASS", ServerErrorKind.WrongPass)]
    [TestCase("NOPERM User app has no permissions to run the 'flushall' command", "NOPERM", ServerErrorKind.NoPermission)]
    [TestCase("EXECABORT Transaction discarded because of previous errors.", "EXECABORT", ServerErrorKind.ExecAbort)]
    [TestCase("OOM command not allowed when used memory > 'maxmemory'.", "OOM", ServerErrorKind.OutOfMemory)]
    [TestCase("NOPROTO unsupported protocol version", "NOPROTO", ServerErrorKind.NoProto)]
    [TestCase("UNKILLABLE Sorry the script already executed write commands against the dataset.", "UNKILLABLE", ServerErrorKind.ScriptControl)]
    [TestCase("NOTBUSY No scripts in execution right now.", "NOTBUSY", ServerErrorKind.ScriptControl)]
    [TestCase("BUSYGROUP Consumer Group name already exists", "BUSYGROUP", ServerErrorKind.BusyGroup)]
    [TestCase("NOGROUP No such key 'orders' or consumer group 'billing' in XREADGROUP with GROUP option", "NOGROUP", ServerErrorKind.NoGroup)]
    [TestCase("BUSYKEY Target key name already exists.", "BUSYKEY", ServerErrorKind.BusyKey)]
    [TestCase("NOREPLICAS Not enough good replicas to write.", "NOREPLICAS", ServerErrorKind.NoReplicas)]
    [TestCase("MISCONF Redis is configured to save RDB snapshots, but it's currently unable to persist to disk.", "MISCONF", ServerErrorKind.Misconfigured)]
    [TestCase("UNBLOCKED client unblocked via CLIENT UNBLOCK", "UNBLOCKED", ServerErrorKind.Unblocked)]
    [TestCase("DENIED Redis is running in protected mode because protected mode is enabled", "DENIED", ServerErrorKind.Denied)]
    public void An_error_prefix_gives_its_kind(string serverMessage, string prefix, ServerErrorKind kind)
    {
        var error = new RedisServerException(serverMessage, "CMD", "127.0.0.1:6379");

        Assert.That(error.Prefix, Is.EqualTo(prefix));
        Assert.That(error.Kind, Is.EqualTo(kind));
        Assert.That(error.ServerMessage, Is.EqualTo(serverMessage));
    }

    [TestCase("SOMEDAY a prefix no Redis sends yet")]
    [TestCase("busygroup is matched by case, as servers send it")]
    [TestCase("")]
    public void An_unknown_prefix_is_a_generic_error(string serverMessage)
    {
        Assert.That(new RedisServerException(serverMessage).Kind, Is.EqualTo(ServerErrorKind.Error));
    }

    [Test]
    public void Every_kind_has_a_distinct_value_so_adding_kinds_keeps_the_old_ones()
    {
        var values = Enum.GetValues<ServerErrorKind>().Select(kind => (int)kind).ToArray();

        Assert.That(values, Is.Unique);
        Assert.That((int)ServerErrorKind.ScriptControl, Is.EqualTo(18), "kinds are appended, never inserted");
    }
}
