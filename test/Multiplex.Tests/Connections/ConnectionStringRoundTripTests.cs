using System.Security.Authentication;

namespace Multiplex.Tests.Connections;

public sealed class ConnectionStringRoundTripTests
{
    private const string Canary = "Canary-9c2f7d1e-NeverLog";

    private static IEnumerable<TestCaseData> Options()
    {
        yield return new TestCaseData(new RedisClientOptions()).SetName("Defaults round-trip");
        yield return new TestCaseData(new RedisClientOptions
        {
            Endpoints = [RedisEndpoint.Tcp("h1", 7000), RedisEndpoint.Tcp("::1", 7001)],
            User = "us:er@x",
            Password = Canary + ":@/?#&=%+ é",
            Database = 12,
            Protocol = RedisProtocol.Resp2,
            ClientName = "svc-1",
            ConnectTimeout = TimeSpan.FromMilliseconds(1500),
            CommandTimeout = TimeSpan.FromTicks(12_345),
            ConnectionsPerNode = 3,
            MaxPendingCommands = 42,
            WhileDisconnected = DisconnectedBehavior.FailFast,
            HeartbeatInterval = TimeSpan.Zero,
            HeartbeatTimeout = TimeSpan.FromMinutes(2),
            SetClientInfo = false,
            LibraryName = "my-lib",
        }).SetName("Every plain option round-trips");
        yield return new TestCaseData(new RedisClientOptions
        {
            Tls = new TlsOptions
            {
                Enabled = true,
                ServerName = "sni.example",
                CaCertificatePath = "/etc/ssl/my ca.pem",
                ClientCertificatePath = "/c.pem",
                ClientKeyPath = "/k.pem",
                EnabledProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
                CertificateRevocation = TlsRevocationMode.Online,
            },
            Reconnect = new ReconnectOptions { InitialDelay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromHours(1), Multiplier = 1.1, Jitter = 0.05 },
            Retry = new RetryOptions { MaxAttempts = 7, Mode = RetryMode.Never },
            Limits = new ProtocolLimits { MaxBulkLength = 1, MaxAggregateLength = 2, MaxNestingDepth = 3, MaxLineLength = 4 },
        }).SetName("TLS, reconnect and limits round-trip");
        yield return new TestCaseData(new RedisClientOptions
        {
            Tls = new TlsOptions { Enabled = true, CertificateRevocation = TlsRevocationMode.Offline, CertificateRevocationListPath = "/etc/ssl/issuer ca.crl" },
        }).SetName("Offline revocation with a CRL file round-trips");
        yield return new TestCaseData(new RedisClientOptions
        {
            Endpoints = [RedisEndpoint.Unix("/var/run/redis dir/redis.sock")],
            User = "u",
            Password = Canary,
            Database = 2,
        }).SetName("A unix socket with credentials round-trips");
        yield return new TestCaseData(new RedisClientOptions { Password = "", ClientName = "" })
            .SetName("Empty password and client name round-trip");
        yield return new TestCaseData(new RedisClientOptions { AllowAdminCommands = true })
            .SetName("Allowing admin commands round-trips");
        yield return new TestCaseData(new RedisClientOptions { MaintenanceNotifications = true })
            .SetName("Asking for maintenance notifications round-trips");
        yield return new TestCaseData(new RedisClientOptions { QueryTextCapture = QueryTextCapture.Placeholders })
            .SetName("Query text capture round-trips");
    }

    [TestCaseSource(nameof(Options))]
    public void Parse_of_the_connection_string_with_password_gives_equal_options(RedisClientOptions options)
    {
        string text = options.ToConnectionString(includePassword: true);

        Assert.That(RedisClientOptions.Parse(text), Is.EqualTo(options), text);
    }

    [TestCaseSource(nameof(Options))]
    public void Parse_of_ToString_gives_equal_options_except_the_redacted_password(RedisClientOptions options)
    {
        RedisClientOptions parsed = RedisClientOptions.Parse(options.ToString());

        Assert.That(parsed with { Password = options.Password }, Is.EqualTo(options));
        Assert.That(parsed.Password, Is.EqualTo(options.Password is null ? null : "***"));
    }

    [TestCase("redis://localhost:6379")]
    [TestCase("rediss://u:***@h1:1,h2:2/3?protocol=resp2&commandTimeout=250ms")]
    [TestCase("unix:///tmp/redis.sock?db=1&clientName=x")]
    [TestCase("redis://[::1]:6380?connectTimeout=2m&heartbeatInterval=0s")]
    public void Canonical_strings_are_written_back_unchanged(string connectionString)
    {
        Assert.That(RedisClientOptions.Parse(connectionString).ToString(), Is.EqualTo(connectionString));
    }

    [Test]
    public void Equality_compares_endpoints_by_value()
    {
        var first = new RedisClientOptions { Endpoints = [RedisEndpoint.Tcp("a"), RedisEndpoint.Tcp("b")] };
        var second = new RedisClientOptions { Endpoints = new List<RedisEndpoint> { RedisEndpoint.Tcp("a"), RedisEndpoint.Tcp("b") } };
        var reordered = new RedisClientOptions { Endpoints = [RedisEndpoint.Tcp("b"), RedisEndpoint.Tcp("a")] };

        Assert.That(first, Is.EqualTo(second));
        Assert.That(first.GetHashCode(), Is.EqualTo(second.GetHashCode()));
        Assert.That(first, Is.Not.EqualTo(reordered));
    }

    [Test]
    public void Endpoints_are_copied_when_set()
    {
        var source = new List<RedisEndpoint> { RedisEndpoint.Tcp("a") };
        var options = new RedisClientOptions { Endpoints = source };

        source.Add(RedisEndpoint.Tcp("b"));

        Assert.That(options.Endpoints, Has.Count.EqualTo(1));
    }
}
