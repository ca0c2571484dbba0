using Multiplex.IntegrationTests.Support;
using Multiplex.Testing;

namespace Multiplex.IntegrationTests.Client;

/// <summary>The canary password used across the suite never shows up in messages, logs or ToString().</summary>
[Order(int.MaxValue)]
public sealed class SecretCanaryTests
{
    [Test]
    public async Task The_canary_password_never_appears_in_exceptions_logs_or_options()
    {
        var secure = await SharedServers.SecureAsync();
        var texts = new List<string>();

        async Task CollectAsync(Func<Task> action)
        {
            try
            {
                await action();
            }
            catch (Exception ex)
            {
                texts.Add(ex.ToString());
            }
        }

        var withCanary = TestClients.OptionsFor(secure.Port) with { User = SharedServers.SecureUserName, Password = TestSecrets.Password };
        texts.Add(withCanary.ToString());
        texts.Add((withCanary with { Password = TestSecrets.Password + "x" }).ToString());

        // Wrong password, wrong user, an unreachable port, a parse error and a timeout, each with the canary configured.
        await CollectAsync(() => RedisClient.ConnectAsync(withCanary with { Password = TestSecrets.Password + "-wrong" }, TestClients.Logs));
        await CollectAsync(() => RedisClient.ConnectAsync(withCanary with { User = "nobody" }, TestClients.Logs));
        await CollectAsync(() => RedisClient.ConnectAsync(withCanary with { Endpoints = [RedisEndpoint.Tcp("127.0.0.1", 1)] }, TestClients.Logs));
        await CollectAsync(() => Task.FromResult(RedisClientOptions.Parse($"redis://app:{TestSecrets.Password}@127.0.0.1:notaport")));
        await CollectAsync(() => Task.FromResult(RedisClientOptions.Parse($"127.0.0.1:6379,password={TestSecrets.Password},bogus=1")));
        // A credentials provider handing out the canary: refused (wrong user), its options and its credentials shown.
        var canaryCredentials = new RedisCredentials(SharedServers.SecureUserName, TestSecrets.Password + "-provided");
        var provided = TestClients.OptionsFor(secure.Port) with { CredentialsProvider = RedisCredentialsProvider.Create(_ => ValueTask.FromResult(canaryCredentials)) };
        texts.Add(canaryCredentials.ToString());
        texts.Add(provided.ToString());
        await CollectAsync(() => RedisClient.ConnectAsync(provided, TestClients.Logs));
        await CollectAsync(() => RedisClient.ConnectAsync(provided with { CredentialsProvider = RedisCredentialsProvider.Create(_ => throw new InvalidOperationException("the token service is down")) }, TestClients.Logs));

        await using (var client = await RedisClient.ConnectAsync(withCanary with { CommandTimeout = TimeSpan.FromMilliseconds(30) }, TestClients.Logs))
        {
            texts.Add(client.Options.ToString());
            await secure.CliAsync("CLIENT", "PAUSE", "200", "ALL");
            await CollectAsync(async () => await client.GetAsync("canary:key"));
            await Task.Delay(250);
            await CollectAsync(async () => await client.ExecuteAsync("AUTH", [TestSecrets.Password]));
            await CollectAsync(async () => await client.ExecuteAsync("GET", []));
        }

        Assert.That(texts, Has.Count.GreaterThanOrEqualTo(12), "every scenario should have produced a text to check");
        Assert.That(texts, Has.None.Contain(TestSecrets.Password));
        Assert.That(CapturedLogs.All, Is.Not.Empty, "the suite's clients should have logged something");
        Assert.That(CapturedLogs.All, Has.None.Contain(TestSecrets.Password));
    }
}
