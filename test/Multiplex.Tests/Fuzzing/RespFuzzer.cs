using System.Buffers;
using System.Diagnostics;
using Multiplex.Protocol;

namespace Multiplex.Tests.Fuzzing;

/// <summary>What a fuzz check found wrong with one input.</summary>
/// <param name="Kind">exception, split-mismatch, allocation, or hang.</param>
/// <param name="Input">The input, to turn into a regression test.</param>
/// <param name="Details">What was expected and what happened.</param>
internal sealed record FuzzFinding(string Kind, byte[] Input, string Details)
{
    /// <inheritdoc />
    public override string ToString() =>
        $"{Kind}: {Details}\ninput ({Input.Length} bytes, hex): {Convert.ToHexString(Input)}\ninput (escaped): {Escape(Input)}";

    private static string Escape(byte[] input) =>
        string.Concat(input.Select(b => b switch
        {
            (byte)'\r' => "\\r",
            (byte)'\n' => "\\n",
            >= 0x20 and < 0x7f => ((char)b).ToString(),
            _ => $"\\x{b:X2}",
        }));
}

/// <summary>
/// A mutation fuzzer for the reply reader (RespScanner, RespReader, RedisResult.Read). Each input is
/// read whole and in random fragments; the checks: only <see cref="RedisProtocolException"/> ever
/// escapes, the result does not depend on where the bytes were split, allocation stays within a bound
/// set by the input's size, and no input takes more than a second (the watchdog in
/// <see cref="Run"/>).
/// </summary>
internal sealed class RespFuzzer
{
    /// <summary>An input that takes longer than this (twice in a row) is reported as a hang.</summary>
    public static readonly TimeSpan HangThreshold = TimeSpan.FromSeconds(1);

    // On a busy machine a worker can be descheduled for a second; a slow input is timed again before it
    // is reported, and the watchdog gives up on an input only after this long.
    private static readonly TimeSpan StuckThreshold = TimeSpan.FromSeconds(30);

    // Small limits, so the fuzzer reaches every limit check with inputs of a few kilobytes.
    public static readonly ProtocolLimits Limits = new()
    {
        MaxBulkLength = 2048,
        MaxAggregateLength = 128,
        MaxNestingDepth = 12,
        MaxLineLength = 256,
    };

    // Allocation bound for reading one input: a fixed allowance (scanner stack, sequence readers,
    // exception objects with their messages) plus a per-byte allowance. Every element takes at least
    // three bytes of input and becomes one RedisResult (about 64 bytes), an array slot, and a value of
    // at most twice its byte length; 96 bytes per input byte covers that with room to spare, while a
    // reader that trusted a declared length or count would exceed it by orders of magnitude.
    private const long FixedAllocationAllowance = 32 * 1024;
    private const long AllocationPerInputByte = 96;

    // Each input is also read in this many random fragmentations.
    private const int SplitsPerInput = 4;

    // Inputs up to this size are also read one byte at a time.
    private const int ByteAtATimeLimit = 96;

    private readonly RespMutator _mutator;
    private readonly Random _random;
    private byte[]? _current;
    private long _currentStartedAt;

    public RespFuzzer(IReadOnlyList<byte[]> corpus, int seed)
    {
        _random = new Random(seed);
        _mutator = new RespMutator(corpus, _random);
    }

    /// <summary>Inputs checked so far.</summary>
    public long Inputs { get; private set; }

    /// <summary>Inputs that took over <see cref="HangThreshold"/> once but not when timed again (scheduler stalls).</summary>
    public long Stalls { get; private set; }

    /// <summary>Loads every *.resp file of a corpus directory.</summary>
    public static IReadOnlyList<byte[]> LoadCorpus(string directory) =>
        [.. Directory.GetFiles(directory, "*.resp").Order(StringComparer.Ordinal).Select(File.ReadAllBytes)];

    /// <summary>
    /// Fuzzes until <paramref name="duration"/> has passed or a finding turns up. A watchdog thread
    /// reports an input that never finishes (the stuck worker is left behind); one that finishes but
    /// took over <see cref="HangThreshold"/> is timed again and reported if it is slow again.
    /// </summary>
    public FuzzFinding? Run(TimeSpan duration, Action<long>? progress = null)
    {
        FuzzFinding? finding = null;
        var worker = new Thread(() =>
        {
            var stopAt = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
            while (Volatile.Read(ref finding) is null && Stopwatch.GetTimestamp() < stopAt)
            {
                var input = _mutator.Next();
                Volatile.Write(ref _current, input);
                Volatile.Write(ref _currentStartedAt, Stopwatch.GetTimestamp());
                var found = Check(input, _random);
                if (found is null && Stopwatch.GetElapsedTime(Volatile.Read(ref _currentStartedAt)) > HangThreshold)
                {
                    var again = Stopwatch.GetTimestamp();
                    found = Check(input, _random);
                    if (found is null && Stopwatch.GetElapsedTime(again) > HangThreshold)
                    {
                        found = new FuzzFinding("hang", input, $"took over {HangThreshold.TotalSeconds:0} s twice in a row");
                    }

                    Stalls++;
                }

                Volatile.Write(ref _currentStartedAt, 0);
                Inputs++;
                if (found is not null)
                {
                    Interlocked.CompareExchange(ref finding, found, null);
                }

                if ((Inputs & 0xFFFF) == 0)
                {
                    progress?.Invoke(Inputs);
                }
            }
        })
        { IsBackground = true, Name = "resp-fuzzer" };
        worker.Start();
        while (!worker.Join(TimeSpan.FromMilliseconds(100)))
        {
            var started = Volatile.Read(ref _currentStartedAt);
            if (started != 0 && Stopwatch.GetElapsedTime(started) > StuckThreshold)
            {
                return new FuzzFinding("hang", Volatile.Read(ref _current)!, $"no result after {StuckThreshold.TotalSeconds:0} s");
            }
        }

        return finding;
    }

    /// <summary>Runs every check but timing on one input (timing is <see cref="Run"/>'s job); null when it passes.</summary>
    public static FuzzFinding? Check(byte[] input, Random random)
    {
        try
        {
            var allocated = MeasureAllocation(input);
            var allowed = FixedAllocationAllowance + (AllocationPerInputByte * input.Length);
            if (allocated > allowed)
            {
                return new FuzzFinding("allocation", input, $"allocated {allocated} bytes, bound {allowed}");
            }

            var whole = RespTranscript.ReadWhole(input, Limits);
            for (var i = 0; i < SplitsPerInput; i++)
            {
                var cuts = RandomCuts(input.Length, random);
                var copy = i % 2 == 1;
                var split = RespTranscript.ReadInChunks(input, cuts, Limits, copy);
                if (split != whole)
                {
                    return new FuzzFinding("split-mismatch", input,
                        $"cuts [{string.Join(',', cuts)}] ({(copy ? "fresh chain each read" : "growing chain")}):\nwhole:\n{whole}\nsplit:\n{split}");
                }
            }

            if (input.Length <= ByteAtATimeLimit)
            {
                var cuts = Enumerable.Range(1, Math.Max(0, input.Length - 1)).ToArray();
                var split = RespTranscript.ReadInChunks(input, cuts, Limits, copyEachTime: false);
                if (split != whole)
                {
                    return new FuzzFinding("split-mismatch", input, $"one byte at a time:\nwhole:\n{whole}\nsplit:\n{split}");
                }
            }

            return null;
        }
        catch (Exception ex)
        {
            return new FuzzFinding("exception", input, ex.ToString());
        }
    }

    /// <summary>Scans and reads every frame of the input, as the reader loop does, counting allocated bytes.</summary>
    private static long MeasureAllocation(byte[] input)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        var scanner = new RespScanner(Limits);
        var buffer = new ReadOnlySequence<byte>(input);
        try
        {
            while (!buffer.IsEmpty && scanner.TryScan(buffer, out var length))
            {
                GC.KeepAlive(RedisResult.Read(buffer.Slice(0, length)));
                scanner.Reset();
                buffer = buffer.Slice(length);
            }
        }
        catch (RedisProtocolException)
        {
            // A protocol error is an allowed outcome; its allocation counts too.
        }

        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    private static int[] RandomCuts(int length, Random random)
    {
        if (length < 2)
        {
            return [];
        }

        // Sometimes a few cuts, sometimes many: both short and long fragments matter.
        var count = random.Next(3) switch
        {
            0 => random.Next(1, 3),
            1 => random.Next(1, Math.Max(2, length / 8)),
            _ => random.Next(1, length),
        };
        return [.. Enumerable.Range(0, count).Select(_ => random.Next(1, length)).Distinct().Order()];
    }
}
