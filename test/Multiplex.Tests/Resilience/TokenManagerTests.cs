using Microsoft.Extensions.Time.Testing;

namespace Multiplex.Tests.Resilience;

/// <summary>When <see cref="RedisTokenManager"/> asks for tokens, on a fake clock: the ratio, the lower bound, retries, disposal.</summary>
public sealed class TokenManagerTests
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(100);

    [TestCase(0.8, 0, 80)]
    [TestCase(0.5, 0, 50)]
    [TestCase(0.9, 30, 70)]
    [TestCase(1.0, 0, 100)]
    public async Task The_next_token_is_asked_for_at_the_ratio_of_the_lifetime_or_the_lower_bound_before_expiry(double ratio, int lowerBoundSeconds, int expectedSeconds)
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var requests = 0;
        await using var manager = new RedisTokenManager(
            _ =>
            {
                var number = Interlocked.Increment(ref requests);
                return ValueTask.FromResult(new RedisToken(new RedisCredentials("app", $"token-{number}"), time.GetUtcNow() + Lifetime));
            },
            new TokenManagerOptions { ExpirationRefreshRatio = ratio, LowerRefreshBound = TimeSpan.FromSeconds(lowerBoundSeconds) },
            time);
        var changed = 0;
        manager.CredentialsChanged += (_, _) => Interlocked.Increment(ref changed);

        Assert.That((await manager.GetCredentialsAsync(CancellationToken.None)).Password, Is.EqualTo("token-1"));
        await SettleAsync();
        time.Advance(TimeSpan.FromSeconds(expectedSeconds) - TimeSpan.FromMilliseconds(1));
        await SettleAsync();
        Assert.That(Volatile.Read(ref requests), Is.EqualTo(1), "not asked before its time");

        time.Advance(TimeSpan.FromMilliseconds(1));
        await WaitUntilAsync(() => Volatile.Read(ref changed) == 1);
        Assert.Multiple(async () =>
        {
            Assert.That(Volatile.Read(ref requests), Is.EqualTo(2));
            Assert.That((await manager.GetCredentialsAsync(CancellationToken.None)).Password, Is.EqualTo("token-2"));
            Assert.That(manager.CurrentToken!.ToString(), Does.Not.Contain("token-2"), "ToString never shows the token");
        });
    }

    [Test]
    public async Task A_first_token_that_cannot_be_had_fails_the_caller_and_the_next_caller_asks_again()
    {
        var requests = 0;
        await using var manager = new RedisTokenManager(
            _ => Interlocked.Increment(ref requests) <= 2
                ? throw new InvalidOperationException("identity service down")
                : ValueTask.FromResult(new RedisToken(new RedisCredentials(null, "token"), DateTimeOffset.UtcNow + Lifetime)),
            new TokenManagerOptions { MaxAttempts = 2, RetryBackoff = new ConstantBackoff(TimeSpan.FromMilliseconds(1)) });
        var failures = new List<TokenRefreshFailedEventArgs>();
        manager.RefreshFailed += (_, e) => failures.Add(e);

        var error = Assert.ThrowsAsync<InvalidOperationException>(async () => await manager.GetCredentialsAsync(CancellationToken.None));
        Assert.That(error!.Message, Is.EqualTo("identity service down"));
        Assert.That(failures, Has.Count.EqualTo(1));
        Assert.That(failures[0].CurrentToken, Is.Null);
        Assert.That((await manager.GetCredentialsAsync(CancellationToken.None)).Password, Is.EqualTo("token"));
        Assert.That(requests, Is.EqualTo(3));
    }

    [Test]
    public async Task A_request_that_hangs_times_out_and_is_retried()
    {
        var requests = 0;
        await using var manager = new RedisTokenManager(
            async cancellationToken =>
            {
                if (Interlocked.Increment(ref requests) == 1)
                {
                    await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
                }

                return new RedisToken(new RedisCredentials(null, "second"), DateTimeOffset.UtcNow + Lifetime);
            },
            new TokenManagerOptions { RequestTimeout = TimeSpan.FromMilliseconds(50), RetryBackoff = new ConstantBackoff(TimeSpan.Zero) });

        Assert.That((await manager.GetCredentialsAsync(CancellationToken.None)).Password, Is.EqualTo("second"));
        Assert.That(requests, Is.EqualTo(2));
    }

    [Test]
    public async Task A_disposed_manager_refuses_callers_and_stops_refreshing()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var requests = 0;
        var manager = new RedisTokenManager(
            _ =>
            {
                Interlocked.Increment(ref requests);
                return ValueTask.FromResult(new RedisToken(new RedisCredentials(null, "t"), time.GetUtcNow() + Lifetime));
            },
            timeProvider: time);
        await manager.GetCredentialsAsync(CancellationToken.None);
        await manager.DisposeAsync();
        time.Advance(Lifetime * 2);
        await SettleAsync();

        Assert.That(requests, Is.EqualTo(1));
        Assert.ThrowsAsync<ObjectDisposedException>(async () => await manager.GetCredentialsAsync(CancellationToken.None));
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new RedisTokenManager(_ => default, new TokenManagerOptions { ExpirationRefreshRatio = 0 }));
    }

    [Test]
    public void A_credentials_changed_handler_that_throws_does_not_stop_the_others()
    {
        var provider = new ChangingProvider();
        var called = 0;
        provider.CredentialsChanged += (_, _) => throw new InvalidOperationException("a handler that throws");
        provider.CredentialsChanged += (_, _) => called++;

        provider.Change();

        Assert.That(called, Is.EqualTo(1));
    }

    private sealed class ChangingProvider : RedisCredentialsProvider
    {
        public override ValueTask<RedisCredentials> GetCredentialsAsync(CancellationToken cancellationToken) => ValueTask.FromResult(new RedisCredentials(null, "p"));

        public void Change() => OnCredentialsChanged();
    }

    // Lets the manager's loop, resumed by the fake clock on the thread pool, reach its next wait.
    private static Task SettleAsync() => Task.Delay(100);

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 500 && !condition(); i++)
        {
            await Task.Delay(10);
        }

        Assert.That(condition(), Is.True, "the condition did not become true within 5 s");
    }
}
