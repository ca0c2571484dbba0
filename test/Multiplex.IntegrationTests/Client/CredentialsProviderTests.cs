using Multiplex.IntegrationTests.Support;

namespace Multiplex.IntegrationTests.Client;

/// <summary>
/// A credentials provider instead of a fixed password: asked at every connect and reconnect of every kind
/// of connection, so a password rotated on the server is picked up by the next connect; a provider that
/// fails fails the connect attempt (named, with its cause) and the client recovers when it does.
/// </summary>
[TestFixture(RedisProtocol.Resp3)]
[TestFixture(RedisProtocol.Resp2)]
public sealed class CredentialsProviderTests(RedisProtocol protocol) : DedicatedServerTests
{
    [Test]
    public async Task Every_connection_asks_the_provider_and_a_rotated_password_is_used_after_a_reconnect()
    {
        var user = NewUser("rotating");
        await CreateUserAsync(user, "first-password");
        var password = "first-password";
        var asked = 0;
        var options = Options(_ =>
        {
            Interlocked.Increment(ref asked);
            return ValueTask.FromResult(new RedisCredentials(user, Volatile.Read(ref password)));
        });

        await using var client = await RedisClient.ConnectAsync(options, TestClients.Logs);
        var key = TestClients.Key("credentials");
        var channel = TestClients.Key("credentials:news");
        await using var subscription = await client.SubscribeAsync(channel);
        await using var messages = subscription.GetAsyncEnumerator();
        var restored = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        subscription.Restored += (_, _) => restored.TrySetResult();
        Assert.Multiple(async () =>
        {
            Assert.That(await client.AclWhoAmIAsync(), Is.EqualTo(user));
            Assert.That(await client.BLPopAsync(key, TimeSpan.FromMilliseconds(10)), Is.Null, "a dedicated connection authenticated too");
        });
        var before = Volatile.Read(ref asked);
        Assert.That(before, Is.GreaterThanOrEqualTo(2), "the shared, subscriber and dedicated connections each asked");

        // Rotate: the new password is added and the old one removed, then every connection of the user is cut.
        await Server.CliAsync("ACL", "SETUSER", user, ">second-password", "<first-password");
        Volatile.Write(ref password, "second-password");
        await Server.CliAsync("CLIENT", "KILL", "USER", user);

        await client.SetAsync(key, "after the rotation");
        Assert.That((string?)await client.GetAsync(key), Is.EqualTo("after the rotation"));
        await restored.Task.WaitAsync(TimeSpan.FromSeconds(15));
        await WaitUntilPublishedAsync(channel, messages);
        Assert.Multiple(async () =>
        {
            Assert.That(Volatile.Read(ref asked), Is.GreaterThan(before), "the reconnects asked again");
            Assert.That(await client.AclWhoAmIAsync(), Is.EqualTo(user));
            Assert.That(await client.BLPopAsync(key + ":list", TimeSpan.FromMilliseconds(10)), Is.Null, "a new dedicated connection uses the new password");
            var connections = (await Server.CliAsync("CLIENT", "LIST")).Split('\n').Count(line => line.Contains($" user={user} ", StringComparison.Ordinal));
            // RESP3 carries the subscription on the shared connection; RESP2 needs a subscriber connection of its own.
            Assert.That(connections, Is.GreaterThanOrEqualTo(protocol == RedisProtocol.Resp3 ? 2 : 3), "the shared, subscriber and dedicated connections are back, authenticated as the user");
        });
    }

    [Test]
    public async Task A_failing_provider_fails_the_connect_with_the_endpoint_and_its_cause_and_the_client_recovers_with_it()
    {
        var user = NewUser("flaky");
        await CreateUserAsync(user, "flaky-password");
        var failing = 1;
        var options = Options(_ => Volatile.Read(ref failing) == 1
            ? throw new InvalidOperationException("the token service is down")
            : ValueTask.FromResult(new RedisCredentials(user, "flaky-password")));

        var refused = Assert.ThrowsAsync<RedisConnectionException>(async () => await RedisClient.ConnectAsync(options, TestClients.Logs));
        Assert.Multiple(() =>
        {
            Assert.That(refused!.Message, Does.Contain("credentials provider").And.Contain(Server.Endpoint).And.Contain("the token service is down"));
            Assert.That(refused.InnerException, Is.InstanceOf<InvalidOperationException>());
            Assert.That(refused.Endpoint, Is.EqualTo(Server.Endpoint));
        });

        Volatile.Write(ref failing, 0);
        await using var client = await RedisClient.ConnectAsync(options, TestClients.Logs);
        Assert.That(await client.AclWhoAmIAsync(), Is.EqualTo(user));

        // Down again while the connection is cut: the reconnect keeps trying until the provider answers.
        Volatile.Write(ref failing, 1);
        await Server.CliAsync("CLIENT", "KILL", "USER", user);
        var pending = client.PingAsync().AsTask();
        await Task.Delay(300);
        Assert.That(pending.IsCompleted, Is.False, "the command waits for the connection while the provider fails");
        Volatile.Write(ref failing, 0);
        Assert.That(await pending.WaitAsync(TimeSpan.FromSeconds(15)), Is.GreaterThan(TimeSpan.Zero), "answered once the provider recovered");
    }

    [Test]
    public void A_provider_that_never_answers_is_bounded_by_the_connect_timeout()
    {
        var options = Options(_ => new ValueTask<RedisCredentials>(new TaskCompletionSource<RedisCredentials>().Task)) with { ConnectTimeout = TimeSpan.FromMilliseconds(300) };

        var timedOut = Assert.ThrowsAsync<RedisConnectionException>(async () => await RedisClient.ConnectAsync(options, TestClients.Logs).WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.That(timedOut!.Message, Does.Contain("timed out").And.Contain(Server.Endpoint));
    }

    [Test]
    public async Task Credentials_the_server_refuses_fail_the_connect_as_an_authentication_error()
    {
        var user = NewUser("refused");
        await CreateUserAsync(user, "right-password");
        var options = Options(_ => ValueTask.FromResult(new RedisCredentials(user, "wrong-password")));

        var refused = Assert.ThrowsAsync<RedisAuthenticationException>(async () => await RedisClient.ConnectAsync(options, TestClients.Logs));
        Assert.That(refused!.Message, Does.Contain(user).And.Not.Contain("wrong-password"));
    }

    [Test]
    public void A_provider_with_a_fixed_password_or_user_is_refused_and_bad_credentials_are_refused_when_made()
    {
        static ValueTask<RedisCredentials> Provider(CancellationToken cancellationToken) => ValueTask.FromResult(new RedisCredentials(null, "p"));
        var withPassword = Assert.Throws<ArgumentException>(() => (TestClients.OptionsFor(1) with { Password = "p", CredentialsProvider = RedisCredentialsProvider.Create(Provider) }).Validate());
        var withUser = Assert.Throws<ArgumentException>(() => (TestClients.OptionsFor(1) with { User = "u", CredentialsProvider = RedisCredentialsProvider.Create(Provider) }).Validate());
        var sentinel = Assert.Throws<ArgumentException>(() => new SentinelOptions { ServiceName = "s", Password = "p", CredentialsProvider = RedisCredentialsProvider.Create(Provider) }.Validate());
        Assert.Multiple(() =>
        {
            Assert.That(withPassword!.ParamName, Is.EqualTo(nameof(RedisClientOptions.CredentialsProvider)));
            Assert.That(withUser!.ParamName, Is.EqualTo(nameof(RedisClientOptions.CredentialsProvider)));
            Assert.That(sentinel!.ParamName, Is.EqualTo(nameof(SentinelOptions.CredentialsProvider)));
            Assert.Throws<ArgumentException>(() => _ = new RedisCredentials("user", string.Empty));
            Assert.Throws<ArgumentException>(() => _ = new RedisCredentials("two words", "p"));
            Assert.That(new RedisCredentials("app", "secret-value").ToString(), Does.Contain("app").And.Not.Contain("secret-value"));
        });
    }

    private RedisClientOptions Options(Func<CancellationToken, ValueTask<RedisCredentials>> provider) =>
        QuickReconnect(Server.Port) with { Protocol = protocol, CredentialsProvider = RedisCredentialsProvider.Create(provider) };

    private static string NewUser(string name) => $"{name}-{Guid.NewGuid():N}";

    private Task<string> CreateUserAsync(string user, string password) =>
        Server.CliAsync("ACL", "SETUSER", user, "on", ">" + password, "~*", "&*", "+@all");

    /// <summary>Publishes on <paramref name="channel"/> until the restored subscription reads a message (bounded).</summary>
    private async Task WaitUntilPublishedAsync(string channel, IAsyncEnumerator<RedisMessage> messages)
    {
        await Server.CliAsync("PUBLISH", channel, "after the rotation");
        Assert.That(await messages.MoveNextAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10)), Is.True);
        Assert.That(messages.Current.Payload.ToString(), Is.EqualTo("after the rotation"));
    }
}
