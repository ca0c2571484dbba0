using System.Diagnostics;

namespace Multiplex.Tests.Fuzzing;

/// <summary>Inputs the fuzzer once reported, kept so each stays checked (hex, as the fuzzer prints them).</summary>
public sealed class RespFuzzerRegressionTests
{
    // A 50-digit negative big number: reported as a one-second "hang" during a run on an overloaded
    // machine. Read alone it takes microseconds; the watchdog now re-times a slow input before
    // reporting it (see RespFuzzer.Run).
    [TestCase("282D333439323839303039323338353039333234383533323834303932333835303933323438353039343338353039343338350D0A")]
    public void A_past_finding_passes_every_check_quickly(string hex)
    {
        var input = Convert.FromHexString(hex);
        var stopwatch = Stopwatch.StartNew();
        Assert.That(RespFuzzer.Check(input, new Random(1)), Is.Null);
        Assert.That(stopwatch.Elapsed, Is.LessThan(RespFuzzer.HangThreshold));
    }
}
