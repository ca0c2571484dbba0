using Multiplex.Caching;

namespace Multiplex.Tests.Caching;

/// <summary>The cache's hit and miss counts, kept per thread: exact under concurrency, and kept apart per cache.</summary>
public sealed class LookupCountersTests
{
    [Test]
    public void Counts_from_many_threads_and_from_threads_that_ended_add_up_exactly()
    {
        var counters = new LookupCounters();
        const int Threads = 8;
        const int PerThread = 200_000;
        using var start = new Barrier(Threads);
        var threads = Enumerable.Range(0, Threads).Select(t => new Thread(() =>
        {
            start.SignalAndWait();
            for (var i = 0; i < PerThread; i++)
            {
                counters.Hit();
                if (i % 4 == t % 4)
                {
                    counters.Miss();
                }
            }
        })).ToArray();
        foreach (var thread in threads)
        {
            thread.Start();
        }

        foreach (var thread in threads)
        {
            thread.Join();
        }

        Assert.That(counters.Hits, Is.EqualTo((long)Threads * PerThread), "every hit counted once, the threads ended");
        Assert.That(counters.Misses, Is.EqualTo((long)Threads * PerThread / 4));
    }

    [Test]
    public void A_thread_that_alternates_between_two_caches_counts_each_in_its_own()
    {
        var first = new LookupCounters();
        var second = new LookupCounters();
        for (var i = 0; i < 1000; i++)
        {
            first.Hit();
            second.Miss();
            second.Hit();
            if (i % 10 == 0)
            {
                first.Miss();
            }
        }

        Assert.That((first.Hits, first.Misses), Is.EqualTo((1000L, 100L)));
        Assert.That((second.Hits, second.Misses), Is.EqualTo((1000L, 1000L)));
    }
}
