namespace Multiplex.Tests.Connections;

public sealed class PasswordRedactionTests
{
    private const string Canary = "Canary-9c2f7d1e-NeverLog";

    private static readonly RedisClientOptions WithCanary = new()
    {
        Endpoints = [RedisEndpoint.Tcp("cache.example", 6380)],
        User = "app",
        Password = Canary,
    };

    [Test]
    public void ToString_shows_the_password_as_stars()
    {
        string text = WithCanary.ToString();

        Assert.That(text, Does.Not.Contain(Canary));
        Assert.That(text, Is.EqualTo("redis://app:***@cache.example:6380"));
    }

    [Test]
    public void ToString_of_nested_records_does_not_reveal_the_password()
    {
        var holder = new { Options = WithCanary };

        Assert.That(holder.ToString(), Does.Not.Contain(Canary));
    }

    [TestCase("redis://app:" + Canary + "@localhost:bad")]
    [TestCase("redis://app:" + Canary + "@localhost/notadb")]
    [TestCase("redis://app:" + Canary + "@localhost?bogus=1")]
    [TestCase("redis://app:" + Canary + "@localhost?connectionsPerNode=0")]
    [TestCase("redis://app:" + Canary + "@localhost?connectTimeout=never")]
    [TestCase("redis://app:" + Canary + "@?db=1")]
    [TestCase("rediss://:" + Canary + "@[::1")]
    [TestCase("unix://app:" + Canary + "@/tmp/r.sock?tls=true")]
    [TestCase("redis://localhost?password=" + Canary + "&db=x")]
    [TestCase("localhost:bad,password=" + Canary)]
    [TestCase("localhost,password=" + Canary + ",ssl=perhaps")]
    [TestCase("localhost,password=" + Canary + ",whileDisconnected=never")]
    [TestCase("localhost,password=" + Canary + ",user=has space")]
    [TestCase("ftp://app:" + Canary + "@localhost")]
    [TestCase("redis://app:" + Canary)]
    [TestCase("redis://app:" + Canary + "/0")]
    [TestCase("app:" + Canary + ",ssl=true")]
    public void Parse_errors_never_contain_the_password(string connectionString)
    {
        FormatException? exception = Assert.Throws<FormatException>(() => RedisClientOptions.Parse(connectionString));

        Assert.That(Describe(exception!), Does.Not.Contain(Canary));
    }

    [Test]
    public void Validation_errors_never_contain_the_password()
    {
        RedisClientOptions[] invalid =
        [
            WithCanary with { Database = -1 },
            WithCanary with { ConnectionsPerNode = 0 },
            WithCanary with { Endpoints = [] },
            WithCanary with { User = "" },
            WithCanary with { ClientName = "a b" },
            WithCanary with { Endpoints = [RedisEndpoint.Unix("/tmp/r.sock")], Tls = new TlsOptions { Enabled = true } },
        ];

        foreach (RedisClientOptions options in invalid)
        {
            ArgumentException? exception = Assert.Throws<ArgumentException>(options.Validate);
            Assert.That(Describe(exception!), Does.Not.Contain(Canary));
        }
    }

    [TestCase("redis://:" + Canary + "@h")]
    [TestCase("unix://:" + Canary + "@/tmp/r.sock")]
    [TestCase("h,password=" + Canary)]
    public void Parsed_options_print_without_the_password(string connectionString)
    {
        RedisClientOptions options = RedisClientOptions.Parse(connectionString);

        Assert.That(options.Password, Is.EqualTo(Canary));
        Assert.That(options.ToString(), Does.Not.Contain(Canary).And.Contain(":***@"));
    }

    private static string Describe(Exception exception) =>
        exception.ToString() + string.Concat(exception.Data.Values.Cast<object>());
}
