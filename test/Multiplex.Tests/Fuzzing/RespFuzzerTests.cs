using System.Globalization;

namespace Multiplex.Tests.Fuzzing;

/// <summary>
/// A bounded run of the reply-reader fuzzer on every CI run: a fixed seed (reproducible) and a fresh
/// one (printed, so a failure can be replayed). Long runs: <c>Multiplex.Stress fuzz --minutes N</c>.
/// </summary>
public sealed class RespFuzzerTests
{
    // Each of the two runs lasts this long unless MULTIPLEX_FUZZ_SECONDS says otherwise.
    private const int DefaultSecondsPerRun = 20;

    private const int FixedSeed = 20_260_522;

    private static string CorpusDirectory => Path.Combine(TestContext.CurrentContext.TestDirectory, "Fuzzing", "Corpus");

    private static TimeSpan RunLength =>
        TimeSpan.FromSeconds(int.TryParse(Environment.GetEnvironmentVariable("MULTIPLEX_FUZZ_SECONDS"), CultureInfo.InvariantCulture, out var seconds)
            ? seconds
            : DefaultSecondsPerRun);

    [Test]
    public void Every_corpus_entry_reads_cleanly_whole_and_split()
    {
        var files = Directory.GetFiles(CorpusDirectory, "*.resp");
        Assert.That(files, Has.Length.GreaterThan(50));
        var random = new Random(FixedSeed);
        foreach (var file in files)
        {
            var entry = File.ReadAllBytes(file);
            Assert.That(RespTranscript.ReadWhole(entry, ProtocolLimits.Default), Does.EndWith(RespTranscript.EndClean), file);
            Assert.That(RespFuzzer.Check(entry, random), Is.Null, file);
        }
    }

    [Test]
    public void Fuzzing_with_a_fixed_seed_finds_nothing() => RunFuzzer(FixedSeed);

    [Test]
    public void Fuzzing_with_a_fresh_seed_finds_nothing() => RunFuzzer(Random.Shared.Next());

    private static void RunFuzzer(int seed)
    {
        TestContext.Out.WriteLine($"fuzz seed {seed}");
        var fuzzer = new RespFuzzer(RespFuzzer.LoadCorpus(CorpusDirectory), seed);
        var finding = fuzzer.Run(RunLength);
        TestContext.Out.WriteLine($"{fuzzer.Inputs} inputs in {RunLength.TotalSeconds:0} s");
        Assert.That(finding, Is.Null, () => $"seed {seed}: {finding}");
        Assert.That(fuzzer.Inputs, Is.GreaterThan(1000), "the fuzzer barely ran");
    }
}
