namespace Multiplex.Tests.Connections;

public sealed class DurationFormatTests
{
    [TestCase(0L, "0s")]
    [TestCase(250 * TimeSpan.TicksPerMillisecond, "250ms")]
    [TestCase(1_500 * TimeSpan.TicksPerMillisecond, "1500ms")]
    [TestCase(90 * TimeSpan.TicksPerSecond, "90s")]
    [TestCase(2 * TimeSpan.TicksPerMinute, "2m")]
    [TestCase(3 * TimeSpan.TicksPerHour, "3h")]
    [TestCase(12_345L, "00:00:00.0012345")]
    [TestCase(-5 * TimeSpan.TicksPerSecond, "-00:00:05")]
    public void Durations_are_written_in_the_largest_exact_unit_and_read_back(long ticks, string expected)
    {
        TimeSpan duration = TimeSpan.FromTicks(ticks);

        string written = ConnectionStringValues.FormatDuration(duration);

        Assert.That(written, Is.EqualTo(expected));
        Assert.That(ConnectionStringValues.Duration(written), Is.EqualTo(duration));
    }

    [TestCase("")]
    [TestCase("s")]
    [TestCase("5 seconds")]
    [TestCase("1e3")]
    [TestCase("99999999999999999h")]
    [TestCase("00:00:xx")]
    public void Malformed_durations_are_rejected(string text)
    {
        Assert.That(() => ConnectionStringValues.Duration(text), Throws.InstanceOf<FormatException>());
    }
}
