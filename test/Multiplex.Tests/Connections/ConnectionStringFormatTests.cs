namespace Multiplex.Tests.Connections;

public sealed class ConnectionStringFormatTests
{
    [TestCase("redis://localhost", "localhost:6379")]
    [TestCase("redis://cache.internal:6380", "cache.internal:6380")]
    [TestCase("REDIS://Host:1", "Host:1")]
    [TestCase("redis://[::1]:6380", "[::1]:6380")]
    [TestCase("redis://[::1]", "[::1]:6379")]
    [TestCase("redis://h1:7000,h2:7001,[::1]:7002", "h1:7000,h2:7001,[::1]:7002")]
    [TestCase("rediss://secure.example:6380", "secure.example:6380")]
    [TestCase("unix:///var/run/redis/redis.sock", "unix:/var/run/redis/redis.sock")]
    [TestCase("unix:/tmp/redis.sock", "unix:/tmp/redis.sock")]
    [TestCase("unix:///tmp/with%20space.sock", "unix:/tmp/with space.sock")]
    [TestCase("localhost", "localhost:6379")]
    [TestCase("h1:7000,h2:7001", "h1:7000,h2:7001")]
    [TestCase(" h1:7000 , [::1]:7001 ", "h1:7000,[::1]:7001")]
    public void Every_format_yields_its_endpoints(string connectionString, string endpoints)
    {
        RedisClientOptions options = RedisClientOptions.Parse(connectionString);

        Assert.That(string.Join(",", options.Endpoints), Is.EqualTo(endpoints));
    }

    [TestCase("redis://localhost", false)]
    [TestCase("rediss://localhost", true)]
    [TestCase("redis://localhost?ssl=true", true)]
    [TestCase("redis://localhost?tls=yes", true)]
    [TestCase("rediss://localhost?tls=false", false)]
    [TestCase("localhost,ssl=true", true)]
    [TestCase("localhost,ssl=False", false)]
    public void TLS_is_on_for_rediss_or_the_ssl_key(string connectionString, bool enabled)
    {
        Assert.That(RedisClientOptions.Parse(connectionString).Tls.Enabled, Is.EqualTo(enabled));
    }

    [TestCase("redis://alice:secret@localhost", "alice", "secret")]
    [TestCase("redis://:secret@localhost", null, "secret")]
    [TestCase("redis://alice@localhost", "alice", null)]
    [TestCase("redis://alice:@localhost", "alice", "")]
    [TestCase("redis://al%40ice:p%40ss%3Aw%2Ford@localhost", "al@ice", "p@ss:w/ord")]
    [TestCase("redis://:p@ss:w/rd@localhost:6380/2", null, "p@ss:w/rd")]
    [TestCase("redis://:a+b%2Bc@localhost", null, "a+b+c")]
    [TestCase("unix://bob:pw%26@/tmp/redis.sock", "bob", "pw&")]
    [TestCase("redis://localhost?user=carol&password=x%3Dy", "carol", "x=y")]
    [TestCase("localhost,user=dave,password=a=b", "dave", "a=b")]
    public void User_and_password_are_read_and_url_decoded(string connectionString, string? user, string? password)
    {
        RedisClientOptions options = RedisClientOptions.Parse(connectionString);

        Assert.Multiple(() =>
        {
            Assert.That(options.User, Is.EqualTo(user));
            Assert.That(options.Password, Is.EqualTo(password));
        });
    }

    [TestCase("redis://localhost", 0)]
    [TestCase("redis://localhost/", 0)]
    [TestCase("redis://localhost/3", 3)]
    [TestCase("redis://localhost:6380/15?clientName=x", 15)]
    [TestCase("redis://localhost/3?db=4", 4)]
    [TestCase("redis://localhost?database=5", 5)]
    [TestCase("unix:///tmp/redis.sock?db=2", 2)]
    [TestCase("localhost,defaultDatabase=7", 7)]
    [TestCase("localhost,DB=8", 8)]
    public void The_database_comes_from_the_path_or_a_key(string connectionString, int database)
    {
        Assert.That(RedisClientOptions.Parse(connectionString).Database, Is.EqualTo(database));
    }

    [TestCase("protocol=resp2", RedisProtocol.Resp2)]
    [TestCase("protocol=RESP3", RedisProtocol.Resp3)]
    [TestCase("protocol=2", RedisProtocol.Resp2)]
    [TestCase("Protocol=3", RedisProtocol.Resp3)]
    public void The_protocol_is_read_by_name_or_number(string setting, RedisProtocol protocol)
    {
        Assert.Multiple(() =>
        {
            Assert.That(RedisClientOptions.Parse("redis://h?" + setting).Protocol, Is.EqualTo(protocol));
            Assert.That(RedisClientOptions.Parse("h," + setting).Protocol, Is.EqualTo(protocol));
        });
    }

    [TestCase("500ms", 500)]
    [TestCase("5s", 5_000)]
    [TestCase("1.5s", 1_500)]
    [TestCase("2m", 120_000)]
    [TestCase("1h", 3_600_000)]
    [TestCase("00:00:05", 5_000)]
    [TestCase("00:01:00.250", 60_250)]
    [TestCase("5000", 5_000)]
    [TestCase("250MS", 250)]
    public void Durations_accept_units_timespans_and_milliseconds(string value, int milliseconds)
    {
        RedisClientOptions options = RedisClientOptions.Parse($"redis://h?connectTimeout={value}&commandTimeout={value}");

        Assert.Multiple(() =>
        {
            Assert.That(options.ConnectTimeout, Is.EqualTo(TimeSpan.FromMilliseconds(milliseconds)));
            Assert.That(options.CommandTimeout, Is.EqualTo(TimeSpan.FromMilliseconds(milliseconds)));
        });
    }

    [Test]
    public void StackExchange_style_keys_are_understood()
    {
        RedisClientOptions options = RedisClientOptions.Parse(
            "primary:6380,replica:6381,password=pw,user=app,ssl=true,sslHost=redis.example,defaultDatabase=2,name=worker-1,connectTimeout=2000,syncTimeout=750,protocol=resp2");

        Assert.Multiple(() =>
        {
            Assert.That(options.Endpoints, Is.EqualTo(new[] { RedisEndpoint.Tcp("primary", 6380), RedisEndpoint.Tcp("replica", 6381) }));
            Assert.That(options.Password, Is.EqualTo("pw"));
            Assert.That(options.User, Is.EqualTo("app"));
            Assert.That(options.Tls.Enabled, Is.True);
            Assert.That(options.Tls.ServerName, Is.EqualTo("redis.example"));
            Assert.That(options.Database, Is.EqualTo(2));
            Assert.That(options.ClientName, Is.EqualTo("worker-1"));
            Assert.That(options.ConnectTimeout, Is.EqualTo(TimeSpan.FromSeconds(2)));
            Assert.That(options.CommandTimeout, Is.EqualTo(TimeSpan.FromMilliseconds(750)));
            Assert.That(options.Protocol, Is.EqualTo(RedisProtocol.Resp2));
        });
    }

    [Test]
    public void Every_option_key_is_read_from_a_url_query()
    {
        RedisClientOptions options = RedisClientOptions.Parse(
            "rediss://h?clientName=svc&connectionsPerNode=4&maxPendingCommands=1000&whileDisconnected=failfast"
            + "&serverName=sni.example&heartbeatInterval=2s&heartbeatTimeout=7s&setClientInfo=false&libraryName=lib"
            + "&caCertificatePath=%2Fetc%2Fca.pem&clientCertificatePath=%2Fc.pem&clientKeyPath=%2Fk.pem"
            + "&sslProtocols=tls12|tls13&checkCertificateRevocation=true&reconnectInitialDelay=50ms&reconnectMaxDelay=30s"
            + "&reconnectMultiplier=1.5&reconnectJitter=0.1&maxBulkLength=1024&maxAggregateLength=10&maxNestingDepth=8&maxLineLength=512"
            + "&retryAttempts=5&retryMode=always");

        Assert.Multiple(() =>
        {
            Assert.That(options.Retry.MaxAttempts, Is.EqualTo(5));
            Assert.That(options.Retry.Mode, Is.EqualTo(RetryMode.Always));
            Assert.That(options.ClientName, Is.EqualTo("svc"));
            Assert.That(options.ConnectionsPerNode, Is.EqualTo(4));
            Assert.That(options.MaxPendingCommands, Is.EqualTo(1000));
            Assert.That(options.WhileDisconnected, Is.EqualTo(DisconnectedBehavior.FailFast));
            Assert.That(options.Tls.ServerName, Is.EqualTo("sni.example"));
            Assert.That(options.HeartbeatInterval, Is.EqualTo(TimeSpan.FromSeconds(2)));
            Assert.That(options.HeartbeatTimeout, Is.EqualTo(TimeSpan.FromSeconds(7)));
            Assert.That(options.SetClientInfo, Is.False);
            Assert.That(options.LibraryName, Is.EqualTo("lib"));
            Assert.That(options.Tls.CaCertificatePath, Is.EqualTo("/etc/ca.pem"));
            Assert.That(options.Tls.ClientCertificatePath, Is.EqualTo("/c.pem"));
            Assert.That(options.Tls.ClientKeyPath, Is.EqualTo("/k.pem"));
            Assert.That(options.Tls.EnabledProtocols, Is.EqualTo(System.Security.Authentication.SslProtocols.Tls12 | System.Security.Authentication.SslProtocols.Tls13));
            Assert.That(options.Tls.CertificateRevocation, Is.EqualTo(TlsRevocationMode.Online));
            Assert.That(options.Reconnect.InitialDelay, Is.EqualTo(TimeSpan.FromMilliseconds(50)));
            Assert.That(options.Reconnect.MaxDelay, Is.EqualTo(TimeSpan.FromSeconds(30)));
            Assert.That(options.Reconnect.Multiplier, Is.EqualTo(1.5));
            Assert.That(options.Reconnect.Jitter, Is.EqualTo(0.1));
            Assert.That(options.Limits, Is.EqualTo(new ProtocolLimits { MaxBulkLength = 1024, MaxAggregateLength = 10, MaxNestingDepth = 8, MaxLineLength = 512 }));
        });
    }

    [TestCase("redis://h?WHILEDISCONNECTED=FailFast")]
    [TestCase("h,whiledisconnected=failfast")]
    public void Keys_and_enum_values_are_case_insensitive(string connectionString)
    {
        Assert.That(RedisClientOptions.Parse(connectionString).WhileDisconnected, Is.EqualTo(DisconnectedBehavior.FailFast));
    }
}
