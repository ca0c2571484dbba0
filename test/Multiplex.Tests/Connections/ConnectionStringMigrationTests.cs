using System.Net.Security;
using System.Globalization;

namespace Multiplex.Tests.Connections;

/// <summary>
/// Keys that StackExchange.Redis connection strings and redis-py URLs carry: read in those clients'
/// units onto Multiplex's options, or refused with a message that names the key and what to use instead.
/// </summary>
public sealed class ConnectionStringMigrationTests
{
    private const string Password = "hunter2-secret";

    [TestCase("localhost,keepAlive=60", 60_000)]
    [TestCase("localhost,keepalive=5", 5_000)]
    [TestCase("localhost,keepAlive=0", 0)]
    [TestCase("localhost,keepAlive=1.5", 1_500)]
    [TestCase("localhost,keepAlive=500ms", 500)]
    [TestCase("redis://localhost?health_check_interval=30", 30_000)]
    [TestCase("redis://localhost?health_check_interval=0", 0)]
    [TestCase("redis://localhost?health_check_interval=2.5", 2_500)]
    public void Heartbeat_keys_of_other_clients_count_seconds(string connectionString, int milliseconds)
    {
        Assert.That(RedisClientOptions.Parse(connectionString).HeartbeatInterval, Is.EqualTo(TimeSpan.FromMilliseconds(milliseconds)));
    }

    [TestCase("redis://localhost?socket_timeout=2", 2_000)]
    [TestCase("redis://localhost?socket_timeout=0.25", 250)]
    [TestCase("redis://localhost?socket_timeout=1.5", 1_500)]
    [TestCase("localhost,syncTimeout=750", 750)]
    [TestCase("localhost,asyncTimeout=2500", 2_500)]
    public void Command_timeout_keys_read_each_clients_unit(string connectionString, int milliseconds)
    {
        Assert.That(RedisClientOptions.Parse(connectionString).CommandTimeout, Is.EqualTo(TimeSpan.FromMilliseconds(milliseconds)));
    }

    [TestCase("redis://localhost?socket_connect_timeout=3", 3_000)]
    [TestCase("redis://localhost?socket_connect_timeout=0.5", 500)]
    [TestCase("localhost,connectTimeout=3000", 3_000)]
    public void Connect_timeout_keys_read_each_clients_unit(string connectionString, int milliseconds)
    {
        Assert.That(RedisClientOptions.Parse(connectionString).ConnectTimeout, Is.EqualTo(TimeSpan.FromMilliseconds(milliseconds)));
    }

    [TestCase("localhost,configCheckSeconds=30", 30)]
    [TestCase("localhost,configCheckSeconds=0", 0)]
    [TestCase("redis://localhost?configCheckSeconds=120", 120)]
    public void Config_check_seconds_sets_the_cluster_refresh_interval_in_seconds(string connectionString, int seconds)
    {
        Assert.That(RedisClientOptions.Parse(connectionString).Cluster.RefreshInterval, Is.EqualTo(TimeSpan.FromSeconds(seconds)));
    }

    [TestCase("localhost,setlib=false", false)]
    [TestCase("localhost,setlib=true", true)]
    [TestCase("redis://localhost?setlib=False", false)]
    public void Setlib_chooses_whether_client_info_is_sent(string connectionString, bool setClientInfo)
    {
        Assert.That(RedisClientOptions.Parse(connectionString).SetClientInfo, Is.EqualTo(setClientInfo));
    }

    [Test]
    public void A_redis_py_url_is_read_onto_the_matching_options()
    {
        RedisClientOptions options = RedisClientOptions.Parse(
            "rediss://app:" + Password + "@cache.example:6380/3?client_name=worker-7&protocol=3"
            + "&ssl_ca_certs=%2Fetc%2Fca.pem&ssl_certfile=%2Fetc%2Fclient.pem&ssl_keyfile=%2Fetc%2Fclient.key"
            + "&ssl_cert_reqs=required&ssl_check_hostname=true");

        Assert.Multiple(() =>
        {
            Assert.That(options.Endpoints, Is.EqualTo(new[] { RedisEndpoint.Tcp("cache.example", 6380) }));
            Assert.That(options.User, Is.EqualTo("app"));
            Assert.That(options.Password, Is.EqualTo(Password));
            Assert.That(options.Database, Is.EqualTo(3));
            Assert.That(options.ClientName, Is.EqualTo("worker-7"));
            Assert.That(options.Protocol, Is.EqualTo(RedisProtocol.Resp3));
            Assert.That(options.Tls.Enabled, Is.True);
            Assert.That(options.Tls.CaCertificatePath, Is.EqualTo("/etc/ca.pem"));
            Assert.That(options.Tls.ClientCertificatePath, Is.EqualTo("/etc/client.pem"));
            Assert.That(options.Tls.ClientKeyPath, Is.EqualTo("/etc/client.key"));
        });
    }

    [TestCase("required")]
    [TestCase("optional")]
    [TestCase("CERT_REQUIRED")]
    public void Certificate_requirements_that_match_what_Multiplex_does_are_accepted_unchanged(string value)
    {
        Assert.That(RedisClientOptions.Parse("rediss://localhost?ssl_cert_reqs=" + value).Tls, Is.EqualTo(RedisClientOptions.Parse("rediss://localhost").Tls));
    }

    [TestCase("redis://localhost?socket_keepalive=false", 0)]
    [TestCase("redis://localhost?socket_keepalive=true", 30)]
    [TestCase("redis://localhost?tcpKeepAlive=10s&socket_keepalive=true", 10)]
    [TestCase("redis://localhost?tcpKeepAlive=0&socket_keepalive=true", 30)]
    public void Socket_keepalive_turns_tcp_keepalive_on_or_off(string connectionString, int idleSeconds)
    {
        Assert.That(RedisClientOptions.Parse(connectionString).KeepAlive.Idle, Is.EqualTo(TimeSpan.FromSeconds(idleSeconds)));
    }

    [TestCase("connectRetry", "3", "RedisClient.Create keeps retrying")]
    [TestCase("responseTimeout", "5000", "use commandTimeout")]
    [TestCase("version", "6.2", "it asks the server")]
    [TestCase("resolveDns", "true", "resolves host names on every connect")]
    [TestCase("channelPrefix", "app:", "Put the prefix in the channel names")]
    [TestCase("tiebreaker", "__Booksleeve_TieBreak", "by asking each its ROLE")]
    [TestCase("configChannel", "__Booksleeve_MasterChanged", "from the sentinels (serviceName)")]
    [TestCase("proxy", "Twemproxy", "does not support Twemproxy or Envoy")]
    [TestCase("tunnel", "http:proxy.example:8080", "not through an HTTP CONNECT tunnel")]
    [TestCase("highPrioritySocketThreads", "true", "run on the thread pool")]
    [TestCase("writeBuffer", "4096", "flushes once per batch")]
    [TestCase("abortConnect", "false", "RedisClient.ConnectAsync waits")]
    [TestCase("$INFO", "", "standard name")]
    [TestCase("$SELECT", "use", "standard name")]
    [TestCase("decode_responses", "True", "returns typed values")]
    [TestCase("encoding", "latin-1", "pass byte[] values")]
    [TestCase("retry_on_timeout", "true", "Catch RedisTimeoutException")]
    [TestCase("single_connection_client", "true", "set connectionsPerNode instead")]
    [TestCase("max_connections", "50", "use connectionsPerNode")]
    public void Keys_without_an_equivalent_are_refused_with_what_to_use_instead(string key, string value, string instead)
    {
        foreach (string connectionString in new[] { $"h:6379,password={Password},{key}={value}", $"redis://:{Password}@h:6379?{Uri.EscapeDataString(key)}={Uri.EscapeDataString(value)}" })
        {
            var error = Assert.Throws<FormatException>(() => RedisClientOptions.Parse(connectionString), connectionString);

            Assert.That(error!.Message, Does.Contain($"'{key}'").And.Contains(instead).And.Contains("not supported"), connectionString);
            Assert.That(error.Message, Does.Not.Contain(Password), connectionString);
        }
    }

    [TestCase("ssl_cert_reqs=none", true, true)]
    [TestCase("ssl_cert_reqs=CERT_NONE", true, true)]
    [TestCase("ssl_check_hostname=false", true, false)]
    [TestCase("ssl_check_hostname=true", false, false)]
    [TestCase("insecureSkipServerNameCheck=true", true, false)]
    [TestCase("insecureSkipCertificateChainCheck=true", false, true)]
    public void Turning_certificate_checks_off_takes_an_explicit_key(string query, bool skipName, bool skipChain)
    {
        var tls = RedisClientOptions.Parse($"rediss://:{Password}@h?{query}").Tls;

        Assert.That((tls.InsecureSkipServerNameCheck, tls.InsecureSkipCertificateChainCheck), Is.EqualTo((skipName, skipChain)));
    }

    [Test]
    public void An_unknown_certificate_requirement_is_refused_with_the_allowed_values()
    {
        var error = Assert.Throws<FormatException>(() => RedisClientOptions.Parse($"rediss://:{Password}@h?ssl_cert_reqs=sometimes"));

        Assert.That(error!.Message, Does.Contain("'ssl_cert_reqs'").And.Contain("required, optional or none").And.Not.Contain(Password));
    }

    [Test]
    public void The_tls_keys_are_read_written_back_and_the_key_password_is_never_shown()
    {
        const string KeyPassword = "key-passphrase-canary";
        var options = RedisClientOptions.Parse(
            $"rediss://h?clientCertificatePath=%2Fetc%2Fclient.pfx&clientKeyPassword={KeyPassword}&caCertificateDirectory=%2Fetc%2Fcas"
            + "&cipherSuites=TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256&sslHost=cache.internal");
        var fromRedisPy = RedisClientOptions.Parse(
            $"rediss://h?ssl_certfile=%2Fetc%2Fclient.pfx&ssl_password={KeyPassword}&ssl_ca_path=%2Fetc%2Fcas"
            + "&ssl_ciphers=TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256&serverName=cache.internal");

        Assert.Multiple(() =>
        {
            Assert.That(options.Tls.ClientKeyPassword, Is.EqualTo(KeyPassword));
            Assert.That(options.Tls.CaCertificateDirectory, Is.EqualTo("/etc/cas"));
            Assert.That(options.Tls.CipherSuites, Is.EqualTo(new[] { TlsCipherSuite.TLS_AES_256_GCM_SHA384, TlsCipherSuite.TLS_CHACHA20_POLY1305_SHA256 }));
            Assert.That(options.Tls.ServerName, Is.EqualTo("cache.internal"));
            Assert.That(fromRedisPy, Is.EqualTo(options), "redis-py's keys set the same options");
            Assert.That(RedisClientOptions.Parse(options.ToConnectionString(includePassword: true)), Is.EqualTo(options), "written back and read again");
            Assert.That(options.ToString(), Does.Not.Contain(KeyPassword).And.Contain("clientKeyPassword=***"));
            Assert.That(options.Tls.ToString(), Does.Not.Contain(KeyPassword));
        });
    }

    [TestCase("cipherSuites=ECDHE-RSA-AES128-GCM-SHA256", "IANA names")]
    [TestCase("cipherSuites=TLS_NOT_A_SUITE", "TLS_NOT_A_SUITE")]
    [TestCase("ssl_ciphers=", "at least one cipher suite")]
    public void A_bad_cipher_suite_list_names_the_key_and_the_expected_form(string query, string expected)
    {
        var error = Assert.Throws<FormatException>(() => RedisClientOptions.Parse("rediss://h?" + query));

        Assert.That(error!.Message, Does.Contain(query[..query.IndexOf('=')]).And.Contain(expected));
    }

    [TestCase("keepAlive", "-1")]
    [TestCase("keepAlive", "soon")]
    [TestCase("socket_timeout", "1e400")]
    [TestCase("health_check_interval", "-5")]
    public void A_bad_seconds_value_names_the_key_and_the_expected_form(string key, string value)
    {
        Assert.That(() => RedisClientOptions.Parse($"redis://h?{key}={value}"), Throws.InstanceOf<FormatException>()
            .With.Message.Contains($"Invalid value '{value}' for connection string key '{key}'")
            .And.Message.Contains("a number of seconds"));
    }

    [Test]
    public void Seconds_beyond_a_timespan_are_refused_not_overflowed()
    {
        string seconds = (TimeSpan.MaxValue.TotalSeconds * 2).ToString("F0", CultureInfo.InvariantCulture);

        Assert.That(() => RedisClientOptions.Parse("h,keepAlive=" + seconds), Throws.InstanceOf<FormatException>().With.Message.Contains("'keepAlive'"));
    }

    [Test]
    public void Migrated_keys_are_written_back_under_their_Multiplex_names()
    {
        RedisClientOptions options = RedisClientOptions.Parse("h,keepAlive=60,configCheckSeconds=30,setlib=false");

        Assert.Multiple(() =>
        {
            Assert.That(options.ToString(), Is.EqualTo("redis://h:6379?clusterRefreshInterval=30s&heartbeatInterval=1m&setClientInfo=false"));
            Assert.That(RedisClientOptions.Parse(options.ToString()), Is.EqualTo(options));
        });
    }
}
