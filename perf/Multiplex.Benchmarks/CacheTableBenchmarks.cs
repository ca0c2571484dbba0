using System.Text;
using BenchmarkDotNet.Attributes;
using Multiplex.Caching;
using Multiplex.Commands;

namespace Multiplex.Benchmarks;

/// <summary>
/// The client cache's lookup table as the hot-key load test's every-read-a-miss row uses it: 10,000
/// entries (the default bound), looked up by 100,000 keys in a shuffled order, one in ten of them in
/// the table, so that most lookups are of keys that are not there and the table is larger than what
/// stays in the processor's nearest caches. Each operation is one lookup (hash included).
/// </summary>
public class CacheTableBenchmarks
{
    private const int Entries = 10_000;
    private const int Keys = 100_000;

    private readonly CacheTable _table = new();
    private byte[][] _keys = [];
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        // As a GET looked up before its command is rented: no key prefix, the read form, the command's
        // place, the key's length and bytes.
        _keys = [.. Enumerable.Range(0, Keys).Select(i => Encoding.UTF8.GetBytes($"\0\0\u0005{(char)(i.ToString().Length + 5)}cold:{i}"))];
        for (var i = 0; i < Keys; i += Keys / Entries)
        {
            _table.Set(new CacheEntry<RedisValue>(_keys[i], [_keys[i]], ReplyParsers.Value));
        }

        random.Shuffle(_keys);
    }

    [Benchmark(Description = "lookup, 10% present (10,000 entries, 100,000 keys)", OperationsPerInvoke = 1024)]
    public int Lookup()
    {
        var found = 0;
        var next = _next;
        for (var i = 0; i < 1024; i++)
        {
            var key = _keys[next];
            next = next + 1 == _keys.Length ? 0 : next + 1;
            if (_table.TryGetValue(key, ByteArrayComparer.Hash(key), out _))
            {
                found++;
            }
        }

        _next = next;
        return found;
    }
}
