using System.Diagnostics;

namespace Multiplex.Tests.Fuzzing;

/// <summary>Inputs the fuzzer once reported, kept so each stays checked (hex, as the fuzzer prints them).</summary>
public sealed class RespFuzzerRegressionTests
{
    // Both reported as one-second "hangs" during runs on an overloaded machine (load average above 40 on
    // two cores): a 50-digit negative big number, and a pipeline of a big number, integers and nested
    // maps read one byte at a time. Read alone each takes a few milliseconds; the fuzzer now times a
    // slow input again before reporting it (see RespFuzzer.Run).
    [TestCase("28313233343536373839303132333435363738393031323334353637383930313233343536373839300D0A3A320D0A3A320D0A25320D0A24310D0A610D0A2A320D0A3A310D0A3A320D0A24310D0A620D0A25310D0A24310D0A630D0A3A310D0A")]
    [TestCase("282D333439323839303039323338353039333234383533323834303932333835303933323438353039343338353039343338350D0A")]
    public void A_past_finding_passes_every_check_quickly(string hex)
    {
        var input = Convert.FromHexString(hex);
        var stopwatch = Stopwatch.StartNew();
        Assert.That(RespFuzzer.Check(input, new Random(1)), Is.Null);
        Assert.That(stopwatch.Elapsed, Is.LessThan(RespFuzzer.HangThreshold));
    }
}
