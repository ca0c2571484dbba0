using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Multiplex.IntegrationTests.Support;

namespace Multiplex.IntegrationTests.Client;

/// <summary>
/// Short-lived tokens through <see cref="RedisTokenManager"/>: the server's ACL user gets each new token
/// as a password (and loses the one before last), the client re-authenticates its live connections in
/// place under load, and a token service that fails for a while leaves the client working on the token
/// it has.
/// </summary>
public sealed class TokenRotationTests : DedicatedServerTests
{
    private const int Callers = 100;
    private static readonly TimeSpan Lifetime = TimeSpan.FromMilliseconds(1600);
    private static readonly TimeSpan LoadTime = TimeSpan.FromSeconds(6);

    [Test]
    public async Task Rotating_tokens_under_load_re_authenticate_every_connection_in_place_and_no_command_fails()
    {
        var user = $"token-user-{Guid.NewGuid():N}";
        await Server.CliAsync("ACL", "SETUSER", user, "on", "~*", "&*", "+@all");
        var issued = 0;
        var frozen = 0;
        var serving = 0;
        RedisCredentials? lastIssued = null;
        await using var tokens = new RedisTokenManager(
            async _ =>
            {
                Interlocked.Increment(ref serving);
                try
                {
                    if (Volatile.Read(ref frozen) == 1 && Volatile.Read(ref lastIssued) is { } held)
                    {
                        // After the load: the service hands out the token it issued last, so the final checks
                        // do not race a rotation (a password the test is about to revoke).
                        return new RedisToken(held, DateTimeOffset.UtcNow + Lifetime);
                    }

                    // The token service: the user's passwords become the token before and the new one; older ones are revoked.
                    var number = Interlocked.Increment(ref issued);
                    var reply = await Server.CliAsync("ACL", "SETUSER", user, "resetpass", $">token-{number - 1}", $">token-{number}");
                    if (reply.Trim() != "OK")
                    {
                        throw new InvalidOperationException($"ACL SETUSER answered {reply.Trim()}");
                    }

                    var credentials = new RedisCredentials(user, $"token-{number}");
                    Volatile.Write(ref lastIssued, credentials);
                    return new RedisToken(credentials, DateTimeOffset.UtcNow + Lifetime);
                }
                finally
                {
                    Interlocked.Decrement(ref serving);
                }
            },
            new TokenManagerOptions { ExpirationRefreshRatio = 0.5 });
        var changed = 0;
        tokens.CredentialsChanged += (_, _) => Interlocked.Increment(ref changed);

        await using var client = await RedisClient.ConnectAsync(
            TestClients.OptionsFor(Server.Port) with { CredentialsProvider = tokens, ConnectionsPerNode = 2 }, TestClients.Logs);
        var failures = new List<ReauthenticationFailedEventArgs>();
        client.ReauthenticationFailed += (_, e) => { lock (failures) { failures.Add(e); } };
        var authBefore = await AuthCallsAsync();

        var channel = TestClients.Key("token-news");
        await using var subscription = await client.SubscribeAsync(channel);
        var errors = new ConcurrentQueue<Exception>();
        var operations = 0L;
        var received = 0;
        using var stop = new CancellationTokenSource(LoadTime);
        var listening = Task.Run(async () =>
        {
            try
            {
                await foreach (var message in subscription.WithCancellation(stop.Token))
                {
                    Interlocked.Increment(ref received);
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
            }
        });
        var callers = Enumerable.Range(0, Callers).Select(caller => Task.Run(async () =>
        {
            var key = TestClients.Key($"token-load:{caller}");
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                try
                {
                    switch (i % 4)
                    {
                        case 0:
                            await client.SetAsync(key, i);
                            break;
                        case 1:
                            Assert.That((long)await client.GetAsync(key), Is.EqualTo(i - 1));
                            break;
                        case 2 when caller < 5:
                            await client.BLPopAsync(key + ":list", TimeSpan.FromMilliseconds(20));
                            break;
                        default:
                            await client.PublishAsync(channel, "tick");
                            break;
                    }

                    Interlocked.Increment(ref operations);
                }
                catch (Exception ex) when (ex is not AssertionException)
                {
                    errors.Enqueue(ex);
                }
            }
        })).ToArray();
        await Task.WhenAll(callers);
        await listening;

        // No new token from here on; a rotation under way and the re-authentication it started finish first
        // (each bounded: a check below fails if they never do).
        Volatile.Write(ref frozen, 1);
        var settled = Stopwatch.StartNew();
        while (Volatile.Read(ref serving) != 0 && settled.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(10);
        }

        while (await AuthCallsAsync() - authBefore < 2L * Volatile.Read(ref changed) && settled.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(20);
        }

        // The token in use is now the only password: every connection is authenticated with it or would be refused.
        var current = tokens.CurrentToken!.Credentials.Password;
        await Server.CliAsync("ACL", "SETUSER", user, "resetpass", ">" + current);
        var listed = (await Server.CliAsync("CLIENT", "LIST")).Split('\n').Count(line => line.Contains($" user={user} ", StringComparison.Ordinal));
        var reauthenticated = await AuthCallsAsync() - authBefore;
        TestContext.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{Volatile.Read(ref operations)} operations, {Volatile.Read(ref received)} messages, {tokens.TokensReceived} tokens, {Volatile.Read(ref changed)} changes, {reauthenticated} AUTH calls, {listed} connections as the user"));
        Assert.Multiple(async () =>
        {
            Assert.That(errors.Select(error => error.Message).Take(5), Is.Empty, "no command failed while the tokens rotated");
            Assert.That(failures.Select(failure => failure.Error.Message), Is.Empty);
            Assert.That(Volatile.Read(ref changed), Is.GreaterThanOrEqualTo(3), "the manager refreshed the token several times");
            Assert.That(reauthenticated, Is.GreaterThanOrEqualTo(2L * Volatile.Read(ref changed)), "both shared connections sent AUTH for every new token");
            Assert.That(Volatile.Read(ref received), Is.GreaterThan(0), "the subscription kept receiving");
            Assert.That(listed, Is.GreaterThanOrEqualTo(2), "the shared connections are still there, as the user");
            Assert.That(await client.AclWhoAmIAsync(), Is.EqualTo(user));
            Assert.That((long)await client.IncrAsync(TestClients.Key("token-after")), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task A_token_service_that_fails_for_three_refreshes_is_retried_with_backoff_while_commands_go_on()
    {
        var user = $"flaky-token-{Guid.NewGuid():N}";
        await Server.CliAsync("ACL", "SETUSER", user, "on", "~*", "&*", "+@all", ">token-1");
        var calls = new ConcurrentQueue<long>();
        await using var tokens = new RedisTokenManager(
            async _ =>
            {
                calls.Enqueue(Stopwatch.GetTimestamp());
                var call = calls.Count;
                if (call == 1)
                {
                    return new RedisToken(new RedisCredentials(user, "token-1"), DateTimeOffset.UtcNow + TimeSpan.FromSeconds(2), DateTimeOffset.UtcNow - TimeSpan.FromSeconds(10));
                }

                if (call <= 7)
                {
                    throw new HttpRequestException($"token service unavailable (call {call})");
                }

                await Server.CliAsync("ACL", "SETUSER", user, ">token-2");
                return new RedisToken(new RedisCredentials(user, "token-2"), DateTimeOffset.UtcNow + TimeSpan.FromMinutes(10));
            },
            new TokenManagerOptions { MaxAttempts = 2, RetryBackoff = new ConstantBackoff(TimeSpan.FromMilliseconds(150)) });
        var failed = new ConcurrentQueue<TokenRefreshFailedEventArgs>();
        tokens.RefreshFailed += (_, e) => failed.Enqueue(e);
        tokens.RefreshFailed += (_, _) => throw new InvalidOperationException("a handler that throws does not stop the manager");
        var changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        tokens.CredentialsChanged += (_, _) => changed.TrySetResult();

        await using var client = await RedisClient.ConnectAsync(TestClients.OptionsFor(Server.Port) with { CredentialsProvider = tokens }, TestClients.Logs);
        var key = TestClients.Key("flaky-token");
        using var working = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var incremented = 0L;
        while (!changed.Task.IsCompleted && !working.IsCancellationRequested)
        {
            incremented = await client.IncrAsync(key);
            await Task.Delay(10);
        }

        await changed.Task.WaitAsync(TimeSpan.FromSeconds(1));
        var gaps = calls.Zip(calls.Skip(1), (earlier, later) => Stopwatch.GetElapsedTime(earlier, later)).ToArray();
        Assert.Multiple(async () =>
        {
            Assert.That(failed, Has.Count.EqualTo(3), "three refreshes of two attempts each gave up");
            Assert.That(failed.Select(e => e.Attempts), Is.All.EqualTo(2));
            Assert.That(failed.First().Error, Is.InstanceOf<HttpRequestException>());
            Assert.That(failed.Select(e => e.CurrentToken?.Credentials.Password), Is.All.EqualTo("token-1"), "the current token stays in use");
            Assert.That(failed.Select(e => e.NextAttemptIn), Is.All.EqualTo(TimeSpan.FromMilliseconds(150)));
            Assert.That(gaps.Skip(1), Is.All.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(140)), "every retry waited for the backoff");
            Assert.That(incremented, Is.GreaterThan(0), "commands went on while the refreshes failed");
            Assert.That(tokens.CurrentToken!.Credentials.Password, Is.EqualTo("token-2"));
            Assert.That(await client.IncrAsync(key), Is.EqualTo(incremented + 1));
        });
    }

    [Test]
    public async Task Credentials_the_server_refuses_on_re_authentication_raise_the_event_and_the_connection_reconnects_with_the_providers_credentials()
    {
        var user = $"refused-token-{Guid.NewGuid():N}";
        await Server.CliAsync("ACL", "SETUSER", user, "on", "~*", "&*", "+@all", ">first");
        var provider = new SwitchableProvider(new RedisCredentials(user, "first"));
        await using var client = await RedisClient.ConnectAsync(
            TestClients.OptionsFor(Server.Port) with
            {
                CredentialsProvider = provider,
                Reconnect = new ReconnectOptions { InitialDelay = TimeSpan.FromMilliseconds(20), MaxDelay = TimeSpan.FromMilliseconds(100) },
            },
            TestClients.Logs);
        var refused = new TaskCompletionSource<ReauthenticationFailedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        client.ReauthenticationFailed += (_, e) => refused.TrySetResult(e);
        client.ReauthenticationFailed += (_, _) => throw new InvalidOperationException("a handler that throws does not disturb the client");
        var key = TestClients.Key("refused-token");
        await client.SetAsync(key, "before");

        // The provider moves to a password the server does not know yet.
        provider.Switch(new RedisCredentials(user, "second"));
        var failure = await refused.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Multiple(() =>
        {
            Assert.That(failure.Endpoint, Is.EqualTo(Server.Endpoint));
            Assert.That(failure.Error.Message, Does.Contain("WRONGPASS").And.Not.Contain("second"));
        });

        // The refused connection was closed; once the server knows the password, it reconnects with it.
        // Meanwhile commands fail at once with the refusal (retrying does not fix it until the server changes).
        await Server.CliAsync("ACL", "SETUSER", user, ">second", "<first");
        await WaitUntilAsync(() => client.IsConnected, TimeSpan.FromSeconds(15));
        Assert.That((string?)await client.GetAsync(key), Is.EqualTo("before"));
        Assert.That(await client.AclWhoAmIAsync(), Is.EqualTo(user));
        Assert.That(CapturedLogs.All, Has.Some.Contain("Re-authenticating on " + Server.Endpoint + " failed"));
    }

    /// <summary>A provider whose credentials the test changes, raising CredentialsChanged.</summary>
    private sealed class SwitchableProvider(RedisCredentials initial) : RedisCredentialsProvider
    {
        private RedisCredentials _current = initial;

        public override ValueTask<RedisCredentials> GetCredentialsAsync(CancellationToken cancellationToken) => ValueTask.FromResult(Volatile.Read(ref _current));

        public void Switch(RedisCredentials next)
        {
            Volatile.Write(ref _current, next);
            OnCredentialsChanged();
        }
    }

    /// <summary>How many AUTH commands the server ran (HELLO's AUTH is counted under HELLO).</summary>
    private async Task<long> AuthCallsAsync()
    {
        var stats = await Server.CliAsync("INFO", "commandstats");
        var line = stats.Split('\n').FirstOrDefault(line => line.StartsWith("cmdstat_auth:", StringComparison.Ordinal));
        return line is null ? 0 : long.Parse(line.Split(',')[0]["cmdstat_auth:calls=".Length..], CultureInfo.InvariantCulture);
    }
}
