namespace Multiplex.Tests.Resilience;

public sealed class ReconnectOptionsTests
{
    [Test]
    public void Defaults_are_100_ms_doubling_to_10_s_with_20_percent_jitter()
    {
        var options = new ReconnectOptions();

        Assert.Multiple(() =>
        {
            Assert.That(options.InitialDelay, Is.EqualTo(TimeSpan.FromMilliseconds(100)));
            Assert.That(options.MaxDelay, Is.EqualTo(TimeSpan.FromSeconds(10)));
            Assert.That(options.Multiplier, Is.EqualTo(2.0));
            Assert.That(options.Jitter, Is.EqualTo(0.2));
            Assert.That(options.Strategy, Is.Null);
        });
    }

    [Test]
    public void The_default_strategy_is_exponential_with_the_configured_values()
    {
        var options = new ReconnectOptions { InitialDelay = TimeSpan.FromSeconds(1), Jitter = 0 };

        var strategy = (ExponentialBackoff)options.CreateStrategy();

        Assert.That(strategy.GetDelay(2), Is.EqualTo(TimeSpan.FromSeconds(2)));
    }

    [Test]
    public void A_custom_strategy_replaces_the_exponential_backoff()
    {
        var custom = new ConstantBackoff(TimeSpan.FromSeconds(3));

        Assert.That(new ReconnectOptions { Strategy = custom }.CreateStrategy(), Is.SameAs(custom));
    }

    [TestCase(-1, 10_000, 2.0, 0.2, "InitialDelay")]
    [TestCase(100, 50, 2.0, 0.2, "MaxDelay")]
    [TestCase(100, 10_000, 0.9, 0.2, "Multiplier")]
    [TestCase(100, 10_000, 2.0, 1.1, "Jitter")]
    public void Validate_names_the_setting_that_is_out_of_range(int initialMs, int maxMs, double multiplier, double jitter, string setting)
    {
        var options = new ReconnectOptions
        {
            InitialDelay = TimeSpan.FromMilliseconds(initialMs),
            MaxDelay = TimeSpan.FromMilliseconds(maxMs),
            Multiplier = multiplier,
            Jitter = jitter,
        };

        Assert.That(options.Validate, Throws.ArgumentException.With.Message.Contains("Reconnect." + setting));
    }
}
