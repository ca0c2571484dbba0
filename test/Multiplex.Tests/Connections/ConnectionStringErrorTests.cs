namespace Multiplex.Tests.Connections;

public sealed class ConnectionStringErrorTests
{
    [TestCase("", "empty")]
    [TestCase("   ", "empty")]
    [TestCase("http://localhost", "Unknown scheme 'http'")]
    [TestCase("redis://", "names no host")]
    [TestCase("redis://h1,,h2", "empty entry")]
    [TestCase("redis://localhost:notaport", "the port is not a number")]
    [TestCase("redis://localhost:70000", "port 70000 is out of range")]
    [TestCase("redis://localhost/abc", "'/abc' is not a database number")]
    [TestCase("redis://localhost?bogus=1", "Unknown connection string key 'bogus'")]
    [TestCase("redis://localhost?clientName", "'clientName' has no value")]
    [TestCase("localhost,keepAliveSeconds=60", "Unknown connection string key 'keepAliveSeconds'")]
    [TestCase("localhost,allowAdmin=maybe", "Invalid value 'maybe' for connection string key 'allowAdmin': expected true or false")]
    [TestCase("password=x", "names no host")]
    [TestCase("unix://relative.sock", "absolute path")]
    [TestCase("redis://localhost?connectTimeout=soon", "Invalid value 'soon' for connection string key 'connectTimeout'")]
    [TestCase("redis://localhost?connectTimeout=-5s", "Invalid value '-5s' for connection string key 'connectTimeout'")]
    [TestCase("redis://localhost?protocol=4", "Invalid value '4' for connection string key 'protocol': expected resp2, resp3, 2 or 3")]
    [TestCase("localhost,ssl=maybe", "Invalid value 'maybe' for connection string key 'ssl': expected true or false")]
    [TestCase("redis://localhost?whileDisconnected=drop", "expected queue or failfast")]
    [TestCase("redis://localhost?sslProtocols=tls99", "Invalid value 'tls99'")]
    [TestCase("redis://localhost?connectionsPerNode=many", "Invalid value 'many' for connection string key 'connectionsPerNode'")]
    [TestCase("redis://localhost?connectionsPerNode=65", "ConnectionsPerNode is 65; allowed 1 to 64")]
    [TestCase("redis://localhost?db=-1", "Database is -1")]
    [TestCase("redis://localhost?commandTimeout=0", "CommandTimeout is 00:00:00")]
    [TestCase("unix:///tmp/r.sock?tls=true", "unix socket")]
    public void Malformed_connection_strings_fail_with_a_clear_message(string connectionString, string message)
    {
        Assert.That(() => RedisClientOptions.Parse(connectionString),
            Throws.InstanceOf<FormatException>().With.Message.Contains(message));
    }

    [TestCase("redis://127.0.0.1:6379,allowAdmin=true", "'allowAdmin=true'", "redis://127.0.0.1:6379?allowAdmin=true")]
    [TestCase("rediss://h1:7000,db=2,ssl=true", "'db=2', 'ssl=true'", "rediss://h1:7000?db=2&ssl=true")]
    [TestCase("redis://u:pw@h1,allowAdmin=true/3?protocol=resp2", "'allowAdmin=true'", "redis://u:***@h1/3?protocol=resp2&allowAdmin=true")]
    [TestCase("redis://h1/2,allowAdmin=true", "'allowAdmin=true'", "redis://h1/2?allowAdmin=true")]
    public void An_option_in_a_url_host_list_is_refused_with_the_query_string_form(string connectionString, string quoted, string suggestion)
    {
        Assert.That(() => RedisClientOptions.Parse(connectionString), Throws.InstanceOf<FormatException>()
            .With.Message.Contains(quoted)
            .And.Message.Contains("options go in the query string")
            .And.Message.Contains(suggestion));
    }

    [Test]
    public void A_password_in_a_url_host_list_is_refused_without_quoting_it()
    {
        var error = Assert.Throws<FormatException>(() => RedisClientOptions.Parse("redis://h1:6379,password=hunter2"));

        Assert.That(error!.Message, Does.Contain("'password=***'").And.Contains("redis://h1:6379?password=***"));
        Assert.That(error.Message, Does.Not.Contain("hunter2"));
    }

    [TestCase("localhost,abortConnect=false")]
    [TestCase("localhost,abortConnect=true")]
    [TestCase("redis://localhost?AbortConnect=false")]
    public void Abort_connect_is_refused_with_what_to_use_instead(string connectionString)
    {
        Assert.That(() => RedisClientOptions.Parse(connectionString), Throws.InstanceOf<FormatException>()
            .With.Message.Contains("abortConnect")
            .And.Message.Contains("RedisClient.ConnectAsync waits for the connection and throws")
            .And.Message.Contains("RedisClient.Create connects in the background"));
    }

    [Test]
    public void Abort_connect_is_refused_as_a_single_setting_too()
    {
        Assert.That(() => new RedisClientOptions().WithSetting("abortConnect", "false"),
            Throws.InstanceOf<FormatException>().With.Message.Contains("RedisClient.Create"));
    }
}
