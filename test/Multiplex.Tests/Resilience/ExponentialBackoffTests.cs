namespace Multiplex.Tests.Resilience;

public sealed class ExponentialBackoffTests
{
    private static readonly TimeSpan Initial = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan Max = TimeSpan.FromSeconds(10);

    [TestCase(1, 100)]
    [TestCase(2, 200)]
    [TestCase(3, 400)]
    [TestCase(7, 6_400)]
    [TestCase(8, 10_000)]
    [TestCase(50, 10_000)]
    public void Without_jitter_the_delay_doubles_until_the_cap(int attempt, int expectedMilliseconds)
    {
        var backoff = new ExponentialBackoff(Initial, Max, multiplier: 2.0, jitter: 0.0);

        Assert.That(backoff.GetDelay(attempt), Is.EqualTo(TimeSpan.FromMilliseconds(expectedMilliseconds)));
    }

    [Test]
    public void Delays_never_decrease_without_jitter()
    {
        var backoff = new ExponentialBackoff(Initial, Max, multiplier: 1.5, jitter: 0.0);

        TimeSpan[] delays = [.. Enumerable.Range(1, 40).Select(backoff.GetDelay)];

        Assert.That(delays, Is.Ordered.Ascending);
        Assert.That(delays[^1], Is.EqualTo(Max));
    }

    [TestCase(1)]
    [TestCase(3)]
    [TestCase(6)]
    public void Jitter_keeps_each_delay_within_twenty_percent_of_nominal(int attempt)
    {
        var backoff = new ExponentialBackoff(Initial, Max, multiplier: 2.0, jitter: 0.2, random: new Random(1234));
        double nominal = Initial.TotalMilliseconds * Math.Pow(2.0, attempt - 1);

        double[] samples = [.. Enumerable.Range(0, 2_000).Select(_ => backoff.GetDelay(attempt).TotalMilliseconds)];

        Assert.That(samples, Has.All.InRange(nominal * 0.8, nominal * 1.2));
        Assert.That(samples.Min(), Is.LessThan(nominal * 0.85), "jitter should reach toward the lower bound");
        Assert.That(samples.Max(), Is.GreaterThan(nominal * 1.15), "jitter should reach toward the upper bound");
    }

    [Test]
    public void Jitter_never_pushes_a_capped_delay_above_the_maximum()
    {
        var backoff = new ExponentialBackoff(Initial, Max, multiplier: 2.0, jitter: 0.2, random: new Random(99));

        double[] samples = [.. Enumerable.Range(0, 2_000).Select(_ => backoff.GetDelay(30).TotalMilliseconds)];

        Assert.That(samples, Has.All.InRange(Max.TotalMilliseconds * 0.8, Max.TotalMilliseconds));
    }

    [TestCase(10_000)]
    [TestCase(int.MaxValue)]
    public void A_huge_attempt_number_gives_the_cap_not_an_overflow(int attempt)
    {
        var backoff = new ExponentialBackoff(Initial, Max, multiplier: 2.0, jitter: 0.2);

        TimeSpan delay = backoff.GetDelay(attempt);

        Assert.That(delay, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(8)).And.LessThanOrEqualTo(Max));
    }

    [Test]
    public void A_cap_of_TimeSpan_MaxValue_does_not_overflow()
    {
        var backoff = new ExponentialBackoff(TimeSpan.FromSeconds(1), TimeSpan.MaxValue, multiplier: 10.0, jitter: 1.0);

        TimeSpan delay = backoff.GetDelay(10_000);

        Assert.That(delay, Is.GreaterThanOrEqualTo(TimeSpan.Zero));
    }

    [Test]
    public void Attempt_zero_is_rejected()
    {
        var backoff = new ExponentialBackoff(Initial, Max);

        Assert.That(() => backoff.GetDelay(0), Throws.InstanceOf<ArgumentOutOfRangeException>());
    }

    [TestCase(0.5, 0.2)]
    [TestCase(double.NaN, 0.2)]
    [TestCase(2.0, -0.1)]
    [TestCase(2.0, 1.5)]
    public void Out_of_range_multiplier_or_jitter_is_rejected(double multiplier, double jitter)
    {
        Assert.That(() => new ExponentialBackoff(Initial, Max, multiplier, jitter), Throws.InstanceOf<ArgumentOutOfRangeException>());
    }

    [Test]
    public void A_maximum_below_the_initial_delay_is_rejected()
    {
        Assert.That(() => new ExponentialBackoff(Max, Initial), Throws.InstanceOf<ArgumentOutOfRangeException>());
    }

    [Test]
    public void An_injected_random_is_safe_to_share_between_threads()
    {
        var backoff = new ExponentialBackoff(Initial, Max, jitter: 0.2, random: new Random(7));

        TimeSpan[] delays = new TimeSpan[50_000];
        Parallel.For(0, delays.Length, index => delays[index] = backoff.GetDelay(1));

        // A System.Random corrupted by concurrent use returns only zeros, which would give 80 ms.
        Assert.That(delays.Distinct().Count(), Is.GreaterThan(100));
        Assert.That(delays, Has.All.InRange(TimeSpan.FromMilliseconds(80), TimeSpan.FromMilliseconds(120)));
    }
}
