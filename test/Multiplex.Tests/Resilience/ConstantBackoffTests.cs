namespace Multiplex.Tests.Resilience;

public sealed class ConstantBackoffTests
{
    [TestCase(1)]
    [TestCase(2)]
    [TestCase(10_000)]
    public void Every_attempt_waits_the_same_delay(int attempt)
    {
        var backoff = new ConstantBackoff(TimeSpan.FromMilliseconds(250));

        Assert.That(backoff.GetDelay(attempt), Is.EqualTo(TimeSpan.FromMilliseconds(250)));
    }

    [Test]
    public void A_negative_delay_is_rejected()
    {
        Assert.That(() => new ConstantBackoff(TimeSpan.FromMilliseconds(-1)), Throws.InstanceOf<ArgumentOutOfRangeException>());
    }

    [Test]
    public void Attempt_zero_is_rejected()
    {
        Assert.That(() => new ConstantBackoff(TimeSpan.Zero).GetDelay(0), Throws.InstanceOf<ArgumentOutOfRangeException>());
    }
}
