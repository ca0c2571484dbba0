using Microsoft.Extensions.Logging.Abstractions;
using Multiplex.Commands;
using Multiplex.Connections;
using Multiplex.Resilience;
using Multiplex.Topology;

namespace Multiplex.Tests.Resilience;

/// <summary>What the retry policy sends again, and what a command taken back for a retry tells its caller.</summary>
public sealed class RetryPolicyTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    [Test]
    public void The_default_policy_retries_three_times_with_exponential_jitter_and_only_idempotent_commands()
    {
        var options = new RedisClientOptions();

        Assert.That(options.Retry, Is.SameAs(RetryOptions.Default));
        Assert.That(options.Retry.MaxAttempts, Is.EqualTo(3));
        Assert.That(options.Retry.Mode, Is.EqualTo(RetryMode.IdempotentOnly));
        Assert.That(options.Retry.Backoff, Is.InstanceOf<ExponentialWithJitterBackoff>());
        Assert.That(options.Retry.IdempotentCommands, Is.EquivalentTo(new[] { "PING", "ECHO", "TIME", "INFO" }));
        Assert.That(options.Retry.IsEnabled, Is.True);
        Assert.That(RetryOptions.None.IsEnabled, Is.False);
        Assert.That(new RetryOptions(), Is.EqualTo(RetryOptions.Default), "default settings compare equal");
        Assert.That(new RedisClientOptions { Retry = RetryOptions.None }, Is.Not.EqualTo(options));
    }

    [Test]
    public void Invalid_retry_settings_are_refused_naming_the_setting()
    {
        var negative = new RedisClientOptions { Retry = new RetryOptions { MaxAttempts = -1 } };
        var noBackoff = new RedisClientOptions { Retry = new RetryOptions { Backoff = null! } };

        Assert.That(() => negative.Validate(), Throws.ArgumentException.With.Message.Contains("Retry.MaxAttempts"));
        Assert.That(() => noBackoff.Validate(), Throws.ArgumentException.With.Message.Contains("Retry.Backoff"));
        Assert.That(() => new RedisClientOptions { Retry = null! }.Validate(), Throws.ArgumentNullException);
    }

    [Test]
    public void No_retrier_exists_when_retries_are_off()
    {
        var options = new RedisClientOptions { Retry = RetryOptions.None };

        Assert.That(CommandRetrier.Create(options, null!, NullLogger.Instance), Is.Null);
        Assert.That(CommandRetrier.Create(new RedisClientOptions(), null!, NullLogger.Instance), Is.Not.Null);
    }

    [TestCase("GET", RetryMode.IdempotentOnly, CommandOutcome.Unknown, true)]
    [TestCase("INCR", RetryMode.IdempotentOnly, CommandOutcome.Unknown, false)]
    [TestCase("INCR", RetryMode.IdempotentOnly, CommandOutcome.NotSent, true)]
    [TestCase("INCR", RetryMode.Always, CommandOutcome.Unknown, true)]
    [TestCase("PING", RetryMode.IdempotentOnly, CommandOutcome.Unknown, true)]
    [TestCase("SET", RetryMode.IdempotentOnly, CommandOutcome.Unknown, false)]
    [TestCase("GET", RetryMode.Never, CommandOutcome.Unknown, false)]
    [TestCase("GET", RetryMode.Never, CommandOutcome.NotSent, false)]
    public void A_command_is_sent_again_when_it_did_not_run_or_running_it_twice_is_harmless(string name, RetryMode mode, CommandOutcome outcome, bool safe)
    {
        var retrier = new CommandRetrier(RetryOptions.Default, null!, NullLogger.Instance);
        var command = Rent(name switch
        {
            "GET" => CommandTokens.Get,
            "INCR" => CommandTokens.Incr,
            "PING" => CommandTokens.Ping,
            _ => CommandTokens.Set,
        });
        command.RetryMode = mode;

        Assert.That(retrier.IsSafe(command, outcome), Is.EqualTo(safe));
    }

    [Test]
    public void The_allow_list_adds_write_commands_the_user_declares_idempotent()
    {
        var retrier = new CommandRetrier(new RetryOptions { IdempotentCommands = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "set" } }, null!, NullLogger.Instance);

        Assert.That(retrier.IsSafe(Rent(CommandTokens.Set), CommandOutcome.Unknown), Is.True);
        Assert.That(retrier.IsSafe(Rent(CommandTokens.Ping), CommandOutcome.Unknown), Is.False, "the list replaces the default one");
    }

    [TestCase("EXEC")]
    [TestCase("MULTI")]
    [TestCase("WATCH")]
    public void Transaction_control_that_may_have_run_is_never_sent_again_even_when_the_caller_opts_in(string name)
    {
        var retrier = new CommandRetrier(RetryOptions.Default, null!, NullLogger.Instance);
        var command = Rent(CommandSpec.Untyped(name));
        command.RetryMode = RetryMode.Always;

        Assert.That(retrier.IsSafe(command, CommandOutcome.Unknown), Is.False);
    }

    [Test]
    public void Blocking_commands_are_never_sent_again()
    {
        var retrier = new CommandRetrier(RetryOptions.Default, null!, NullLogger.Instance);
        var command = Rent(CommandSpec.Write("BLPOP", KeySpec.First).AsBlocking());
        command.RetryMode = RetryMode.Always;

        Assert.That(retrier.IsSafe(command, CommandOutcome.NotSent), Is.False);
    }

    [Test]
    public void A_command_out_of_attempts_time_or_caller_is_not_taken_over()
    {
        var retrier = new CommandRetrier(RetryOptions.Default, null!, NullLogger.Instance);
        var failure = new RedisConnectionException("lost", CommandOutcome.Unknown);

        var exhausted = Rent(CommandTokens.Get);
        exhausted.RetryAttempts = RetryOptions.Default.MaxAttempts;
        var expired = PendingCommand<RedisValue>.Rent(CommandTokens.Get, ReplyParsers.Value, TimeSpan.Zero);
        var cancelled = Rent(CommandTokens.Get);
        cancelled.TryFail(new OperationCanceledException());
        var unsafeCommand = Rent(CommandTokens.Incr);

        Assert.That(retrier.TryRetry(exhausted, failure), Is.False);
        Assert.That(retrier.TryRetry(expired, failure), Is.False);
        Assert.That(retrier.TryRetry(cancelled, failure), Is.False);
        Assert.That(retrier.TryRetry(unsafeCommand, failure), Is.False);
        retrier.Stop();
        Assert.That(retrier.TryRetry(Rent(CommandTokens.Get), failure), Is.False, "a closing client retries nothing");
    }

    [Test]
    public void A_command_taken_back_after_it_may_have_run_never_tells_its_caller_it_was_not_sent()
    {
        var command = PendingCommand<RedisValue>.Rent(CommandTokens.Get, ReplyParsers.Value, Timeout);
        var task = command.Task;
        Assert.That(command.TryBeginWrite(), Is.True);
        command.PrepareRetry(mayHaveRun: true);
        command.ReleaseWire(); // the failed wire lets go

        Assert.That(command.IsWritten, Is.False);
        Assert.That(command.CurrentOutcome, Is.EqualTo(CommandOutcome.Unknown));
        command.Abandon(new RedisConnectionException("GET was not sent to x: the client is disposed.", CommandOutcome.NotSent));

        var error = Assert.ThrowsAsync<RedisConnectionException>(async () => await task);
        Assert.That(error!.Outcome, Is.EqualTo(CommandOutcome.Unknown));
        Assert.That(error.Message, Does.Contain("may have run"));
    }

    [Test]
    public void A_cluster_refusal_after_a_retry_also_says_the_command_may_have_run()
    {
        var command = PendingCommand<RedisValue>.Rent(CommandTokens.Get, ReplyParsers.Value, Timeout);
        var task = command.Task;
        Assert.That(command.TryBeginWrite(), Is.True);
        command.PrepareRetry(mayHaveRun: true);
        command.ReleaseWire();
        command.Abandon(new RedisClusterException("GET was redirected too often.", [42], ["a:1", "b:2"], CommandOutcome.NotSent));

        var error = Assert.ThrowsAsync<RedisClusterException>(async () => await task);
        Assert.That(error!.Outcome, Is.EqualTo(CommandOutcome.Unknown));
        Assert.That(error.Slots, Is.EqualTo(new[] { 42 }));
        Assert.That(error.NodesTried, Is.EqualTo(new[] { "a:1", "b:2" }));
    }

    [Test]
    public void A_command_taken_back_that_never_ran_still_says_not_sent()
    {
        var command = PendingCommand<RedisValue>.Rent(CommandTokens.Get, ReplyParsers.Value, TimeSpan.FromMilliseconds(1));
        var task = command.Task;
        command.PrepareRetry(mayHaveRun: false);
        command.ReleaseWire();

        Assert.That(command.TryTimeOut(Environment.TickCount64 + 10), Is.True);
        command.Abandon(null);

        var error = Assert.ThrowsAsync<RedisTimeoutException>(async () => await task);
        Assert.That(error!.Outcome, Is.EqualTo(CommandOutcome.NotSent));
    }

    [Test]
    public void A_reused_command_forgets_the_last_uses_retry_state()
    {
        var retrier = new CommandRetrier(RetryOptions.Default, null!, NullLogger.Instance);
        var command = PendingCommand<RedisValue>.Rent(CommandTokens.Get, ReplyParsers.Value, Timeout);
        command.Retrier = retrier;
        command.RetryMode = RetryMode.Always;
        command.RetryAttempts = 2;
        command.PreviousRetryDelay = TimeSpan.FromSeconds(1);
        command.TryFail(new RedisException("done"));
        command.ReleaseWire();
        _ = Assert.ThrowsAsync<RedisException>(async () => await command.Task);

        var next = PendingCommand<RedisValue>.Rent(CommandTokens.Get, ReplyParsers.Value, Timeout);
        Assume.That(next, Is.SameAs(command), "the recycled command is reused on the same thread");

        Assert.That(next.Retrier, Is.Null);
        Assert.That(next.RetryMode, Is.EqualTo(RetryMode.IdempotentOnly));
        Assert.That(next.RetryAttempts, Is.Zero);
        Assert.That(next.PreviousRetryDelay, Is.EqualTo(TimeSpan.Zero));
        Assert.That(next.CurrentOutcome, Is.EqualTo(CommandOutcome.NotSent));
    }

    private static PendingCommand<RedisValue> Rent(CommandSpec spec) => PendingCommand<RedisValue>.Rent(spec, ReplyParsers.Value, Timeout);
}
