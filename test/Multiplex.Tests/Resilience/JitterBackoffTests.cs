namespace Multiplex.Tests.Resilience;

/// <summary>
/// Distribution tests of redis-py's backoff set: bounds, growth with the attempt, the spread of the
/// jitter (each sample set reaches toward both ends of its range), the cap, and the decorrelated
/// jitter's per-sequence state. Seeded, so a failure repeats.
/// </summary>
public sealed class JitterBackoffTests
{
    private const int Samples = 4_000;
    private static readonly TimeSpan Base = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan Max = TimeSpan.FromSeconds(1);

    private static double[] Sample(Func<TimeSpan> next) => [.. Enumerable.Range(0, Samples).Select(_ => next().TotalMilliseconds)];

    [Test]
    public void No_backoff_is_always_zero()
    {
        Assert.That(Enumerable.Range(1, 50).Select(NoBackoff.Instance.GetDelay), Has.All.EqualTo(TimeSpan.Zero));
        Assert.That(((IBackoffStrategy)NoBackoff.Instance).GetDelay(3, TimeSpan.FromSeconds(5)), Is.EqualTo(TimeSpan.Zero));
        Assert.Throws<ArgumentOutOfRangeException>(() => NoBackoff.Instance.GetDelay(0));
    }

    [TestCase(1, 10)]
    [TestCase(3, 40)]
    [TestCase(6, 320)]
    [TestCase(7, 640)]
    [TestCase(8, 1_000)]
    [TestCase(40, 1_000)]
    public void Full_jitter_spreads_from_zero_to_the_capped_exponential_delay(int attempt, double ceiling)
    {
        var backoff = new FullJitterBackoff(Base, Max, new Random(11));

        var samples = Sample(() => backoff.GetDelay(attempt));

        Assert.That(samples, Has.All.InRange(0, ceiling));
        Assert.That(samples.Min(), Is.LessThan(ceiling * 0.05), "the draw should reach toward zero");
        Assert.That(samples.Max(), Is.GreaterThan(ceiling * 0.95), "the draw should reach toward the ceiling");
        Assert.That(samples.Average(), Is.InRange(ceiling * 0.45, ceiling * 0.55), "a uniform draw averages half its range");
    }

    [TestCase(1, 10)]
    [TestCase(4, 80)]
    [TestCase(8, 1_000)]
    [TestCase(100, 1_000)]
    public void Equal_jitter_keeps_at_least_half_of_the_capped_exponential_delay(int attempt, double ceiling)
    {
        var backoff = new EqualJitterBackoff(Base, Max, new Random(12));

        var samples = Sample(() => backoff.GetDelay(attempt));

        Assert.That(samples, Has.All.InRange(ceiling / 2, ceiling));
        Assert.That(samples.Min(), Is.LessThan(ceiling * 0.55), "the draw should reach toward half");
        Assert.That(samples.Max(), Is.GreaterThan(ceiling * 0.95), "the draw should reach toward the ceiling");
    }

    [TestCase(1, 10)]
    [TestCase(5, 160)]
    [TestCase(7, 640)]
    public void Exponential_with_jitter_scales_a_uniform_draw_of_the_exponential_delay(int attempt, double nominal)
    {
        var backoff = new ExponentialWithJitterBackoff(Base, Max, new Random(13));

        var samples = Sample(() => backoff.GetDelay(attempt));

        Assert.That(samples, Has.All.InRange(0, nominal));
        Assert.That(samples.Min(), Is.LessThan(nominal * 0.05));
        Assert.That(samples.Max(), Is.GreaterThan(nominal * 0.95));
    }

    [Test]
    public void Exponential_with_jitter_scales_before_the_cap_so_late_attempts_mostly_wait_the_cap()
    {
        var backoff = new ExponentialWithJitterBackoff(Base, Max, new Random(14));

        // Attempt 10: the exponential delay is 5.12 s, so r × 5.12 s passes the 1 s cap for r > 0.195.
        var samples = Sample(() => backoff.GetDelay(10));
        var atCap = samples.Count(sample => sample == Max.TotalMilliseconds) / (double)Samples;

        Assert.That(samples, Has.All.InRange(0, Max.TotalMilliseconds));
        Assert.That(atCap, Is.InRange(0.75, 0.85));
    }

    [Test]
    public void Decorrelated_jitter_starts_each_sequence_between_the_base_and_three_times_it()
    {
        var backoff = new DecorrelatedJitterBackoff(Base, Max, new Random(15));

        // Attempt 1 starts a sequence: whatever previous delay is passed, it is ignored.
        var samples = Sample(() => backoff.GetDelay(1, TimeSpan.FromMilliseconds(900)));

        Assert.That(samples, Has.All.InRange(10, 30));
        Assert.That(samples.Min(), Is.LessThan(11));
        Assert.That(samples.Max(), Is.GreaterThan(29));
    }

    [TestCase(20)]
    [TestCase(100)]
    [TestCase(400)]
    public void Decorrelated_jitter_draws_between_the_base_and_three_times_the_previous_delay(double previous)
    {
        var backoff = new DecorrelatedJitterBackoff(Base, Max, new Random(16));
        var upper = Math.Min(previous * 3, Max.TotalMilliseconds);

        var samples = Sample(() => backoff.GetDelay(2, TimeSpan.FromMilliseconds(previous)));

        Assert.That(samples, Has.All.InRange(10, upper));
        Assert.That(samples.Min(), Is.LessThan(10 + ((upper - 10) * 0.05)));
        Assert.That(samples.Max(), Is.GreaterThan(upper * 0.95));
    }

    [Test]
    public void Decorrelated_jitter_sequences_grow_to_the_cap_and_a_new_sequence_starts_over()
    {
        var backoff = new DecorrelatedJitterBackoff(Base, Max, new Random(17));
        var longest = new List<double>();
        for (var sequence = 0; sequence < 200; sequence++)
        {
            var previous = TimeSpan.Zero;
            for (var attempt = 1; attempt <= 30; attempt++)
            {
                previous = backoff.GetDelay(attempt, previous);
                Assert.That(previous, Is.InRange(Base, Max));
            }

            longest.Add(previous.TotalMilliseconds);

            // The state is the caller's: a new sequence begins at the base whatever the last one reached.
            Assert.That(backoff.GetDelay(1, previous), Is.InRange(Base, Base * 3));
        }

        // A sequence at the cap draws again from the base up, so it settles around a third of the cap
        // (318 ms with this seed), far above where it started (10 to 30 ms), and some reach the cap.
        Assert.That(longest.Average(), Is.GreaterThan(Max.TotalMilliseconds * 0.2), "after 30 attempts the delays should have grown toward the cap");
        Assert.That(longest.Max(), Is.GreaterThan(Max.TotalMilliseconds * 0.9));
    }

    [Test]
    public void Decorrelated_jitter_without_a_previous_delay_still_grows_with_the_attempt()
    {
        var backoff = new DecorrelatedJitterBackoff(Base, Max, new Random(18));

        var third = Sample(() => backoff.GetDelay(3));
        var late = Sample(() => backoff.GetDelay(20));

        // Attempt 3 stands 10 ms × 3 in for the previous delay: draws from 10 to 90 ms.
        Assert.That(third, Has.All.InRange(10, 90));
        Assert.That(third.Max(), Is.GreaterThan(85));
        Assert.That(late, Has.All.InRange(10, 1_000));
        Assert.That(late.Average(), Is.GreaterThan(third.Average() * 4));
    }

    [Test]
    public void One_strategy_serves_many_threads_at_once_within_its_bounds()
    {
        IBackoffStrategy[] strategies =
        [
            new FullJitterBackoff(Base, Max, new Random(19)),
            new EqualJitterBackoff(Base, Max, new Random(20)),
            new ExponentialWithJitterBackoff(Base, Max, new Random(21)),
            new DecorrelatedJitterBackoff(Base, Max, new Random(22)),
        ];

        foreach (var strategy in strategies)
        {
            var delays = new System.Collections.Concurrent.ConcurrentBag<TimeSpan>();
            Parallel.For(0, 8, _ =>
            {
                var previous = TimeSpan.Zero;
                for (var attempt = 1; attempt <= 500; attempt++)
                {
                    previous = strategy.GetDelay((attempt % 12) + 1, previous);
                    delays.Add(previous);
                }
            });

            Assert.That(delays, Has.All.InRange(TimeSpan.Zero, Max), strategy.GetType().Name);
            Assert.That(delays.Distinct().Count(), Is.GreaterThan(100), $"{strategy.GetType().Name}: a Random used by many threads without its lock returns zeros");
        }
    }

    [TestCase(10_000)]
    [TestCase(int.MaxValue)]
    public void A_huge_attempt_number_gives_a_delay_within_the_cap(int attempt)
    {
        IBackoffStrategy[] strategies =
        [
            new FullJitterBackoff(Base, Max, new Random(23)),
            new EqualJitterBackoff(Base, Max, new Random(24)),
            new ExponentialWithJitterBackoff(Base, Max, new Random(25)),
            new DecorrelatedJitterBackoff(Base, Max, new Random(26)),
        ];

        foreach (var strategy in strategies)
        {
            Assert.That(strategy.GetDelay(attempt), Is.InRange(TimeSpan.Zero, Max), strategy.GetType().Name);
        }
    }

    [Test]
    public void Invalid_settings_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new FullJitterBackoff(TimeSpan.FromMilliseconds(-1), Max));
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new EqualJitterBackoff(Max, Base));
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new DecorrelatedJitterBackoff(Max, Base));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ExponentialWithJitterBackoff(Base, Max).GetDelay(0));
    }

    [Test]
    public void Strategies_without_state_ignore_the_previous_delay()
    {
        var constant = new ConstantBackoff(TimeSpan.FromMilliseconds(7));
        var exponential = new ExponentialBackoff(Base, Max, jitter: 0);

        Assert.That(((IBackoffStrategy)constant).GetDelay(4, TimeSpan.FromSeconds(9)), Is.EqualTo(TimeSpan.FromMilliseconds(7)));
        Assert.That(((IBackoffStrategy)exponential).GetDelay(4, TimeSpan.FromSeconds(9)), Is.EqualTo(TimeSpan.FromMilliseconds(80)));
    }
}
