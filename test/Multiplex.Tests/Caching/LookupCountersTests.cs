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
    public void A_thread_that_turns_between_caches_counts_each_in_its_own()
    {
        // Seven caches: more than a thread keeps at hand, so some turns find their cell under the lock.
        var caches = Enumerable.Range(0, 7).Select(_ => new LookupCounters()).ToArray();
        for (var i = 0; i < 1000; i++)
        {
            for (var c = 0; c < caches.Length; c++)
            {
                if (i % (c + 1) == 0)
                {
                    caches[c].Hit();
                }

                if (i % 10 == c)
                {
                    caches[c].Miss();
                }
            }
        }

        for (var c = 0; c < caches.Length; c++)
        {
            Assert.That(caches[c].Hits, Is.EqualTo((999L / (c + 1)) + 1), $"cache {c}");
            Assert.That(caches[c].Misses, Is.EqualTo(100L), $"cache {c}");
        }
    }
}
