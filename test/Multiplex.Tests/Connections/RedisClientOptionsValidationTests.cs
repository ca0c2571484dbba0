namespace Multiplex.Tests.Connections;

public sealed class RedisClientOptionsValidationTests
{
    private static readonly RedisClientOptions Valid = new();

    private static IEnumerable<TestCaseData> InvalidOptions()
    {
        yield return Case(Valid with { Endpoints = [] }, "Endpoints", "Endpoints is empty");
        yield return Case(Valid with { Endpoints = [RedisEndpoint.Unix("/tmp/a.sock"), RedisEndpoint.Tcp("b")] }, "Endpoints", "must be the only endpoint");
        yield return Case(Valid with { Endpoints = [RedisEndpoint.Unix("/tmp/a.sock")], Tls = new TlsOptions { Enabled = true } }, "Tls", "is a unix socket");
        yield return Case(Valid with { Database = -1 }, "Database", "Database is -1; it must be 0 or more");
        yield return Case(Valid with { User = "" }, "User", "User must be null or a name");
        yield return Case(Valid with { Protocol = (RedisProtocol)4 }, "Protocol", "allowed Resp2 or Resp3");
        yield return Case(Valid with { ClientName = "has space" }, "ClientName", "white space");
        yield return Case(Valid with { ConnectTimeout = TimeSpan.Zero }, "ConnectTimeout", "ConnectTimeout is 00:00:00; it must be more than zero");
        yield return Case(Valid with { CommandTimeout = TimeSpan.FromSeconds(-1) }, "CommandTimeout", "CommandTimeout is -00:00:01");
        yield return Case(Valid with { CommandTimeout = TimeSpan.FromDays(30) }, "CommandTimeout", "at most");
        yield return Case(Valid with { ConnectionsPerNode = 0 }, "ConnectionsPerNode", "ConnectionsPerNode is 0; allowed 1 to 64");
        yield return Case(Valid with { ConnectionsPerNode = 65 }, "ConnectionsPerNode", "ConnectionsPerNode is 65; allowed 1 to 64");
        yield return Case(Valid with { MaxPendingCommands = 0 }, "MaxPendingCommands", "MaxPendingCommands is 0");
        yield return Case(Valid with { WhileDisconnected = (DisconnectedBehavior)9 }, "WhileDisconnected", "allowed Queue or FailFast");
        yield return Case(Valid with { HeartbeatInterval = TimeSpan.FromSeconds(-1) }, "HeartbeatInterval", "zero or more");
        yield return Case(Valid with { HeartbeatTimeout = TimeSpan.Zero }, "HeartbeatTimeout", "more than zero");
        yield return Case(Valid with { LibraryName = "" }, "LibraryName", "non-empty");
        yield return Case(Valid with { Tls = new TlsOptions { ServerName = " " } }, "ServerName", "Tls.ServerName is empty");
        yield return Case(Valid with { Tls = new TlsOptions { ClientKeyPath = "/k.pem" } }, "ClientKeyPath", "without Tls.ClientCertificatePath");
        yield return Case(Valid with { Reconnect = new ReconnectOptions { Jitter = 2 } }, "Jitter", "Reconnect.Jitter is 2");
    }

    [TestCaseSource(nameof(InvalidOptions))]
    public void Validate_names_the_option_its_value_and_what_is_allowed(RedisClientOptions options, string parameter, string message)
    {
        Assert.That(options.Validate, Throws.ArgumentException
            .With.Property(nameof(ArgumentException.ParamName)).EqualTo(parameter)
            .And.Message.Contains(message));
    }

    [Test]
    public void Protocol_limits_are_validated_too()
    {
        var options = Valid with { Limits = new ProtocolLimits { MaxNestingDepth = 0 } };

        Assert.That(options.Validate, Throws.InstanceOf<ArgumentOutOfRangeException>());
    }

    [TestCase(1)]
    [TestCase(64)]
    public void Connections_per_node_at_the_bounds_are_valid(int connections)
    {
        Assert.That((Valid with { ConnectionsPerNode = connections }).Validate, Throws.Nothing);
    }

    [Test]
    public void A_zero_heartbeat_interval_turns_the_heartbeat_off_and_is_valid()
    {
        Assert.That((Valid with { HeartbeatInterval = TimeSpan.Zero }).Validate, Throws.Nothing);
    }

    [Test]
    public void A_tcp_endpoint_with_TLS_is_valid()
    {
        var options = Valid with { Endpoints = [RedisEndpoint.Tcp("a")], Tls = new TlsOptions { Enabled = true } };

        Assert.That(options.Validate, Throws.Nothing);
    }

    [TestCase(ServerMode.Auto)]
    [TestCase(ServerMode.Cluster)]
    public void Several_endpoints_are_seeds_of_a_cluster(ServerMode mode)
    {
        var options = Valid with { Endpoints = [RedisEndpoint.Tcp("a", 7000), RedisEndpoint.Tcp("b", 7001)], Mode = mode };

        Assert.That(options.Validate, Throws.Nothing);
    }

    [Test]
    public void Several_endpoints_are_refused_in_standalone_mode()
    {
        var options = Valid with { Endpoints = [RedisEndpoint.Tcp("a", 7000), RedisEndpoint.Tcp("b", 7001)], Mode = ServerMode.Standalone };

        Assert.That(options.Validate, Throws.ArgumentException
            .With.Property(nameof(ArgumentException.ParamName)).EqualTo("Endpoints")
            .And.Message.Contains("a:7000, b:7001")
            .And.Message.Contains("Mode is Standalone"));
    }

    [Test]
    public void A_database_other_than_0_is_refused_in_cluster_mode()
    {
        var options = Valid with { Database = 3, Mode = ServerMode.Cluster };

        Assert.That(options.Validate, Throws.ArgumentException
            .With.Property(nameof(ArgumentException.ParamName)).EqualTo("Database")
            .And.Message.Contains("database 0 only"));
    }

    private static TestCaseData Case(RedisClientOptions options, string parameter, string message) =>
        new TestCaseData(options, parameter, message).SetArgDisplayNames(parameter, message);
}
