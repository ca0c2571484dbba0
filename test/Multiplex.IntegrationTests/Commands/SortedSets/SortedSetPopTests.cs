using Multiplex.IntegrationTests.Support;

namespace Multiplex.IntegrationTests.Commands.SortedSets;

[TestFixtureSource(typeof(ProtocolKinds), nameof(ProtocolKinds.Both))]
public sealed class SortedSetPopTests(ServerKind kind) : SortedSetFixture(kind)
{
    [Test]
    public async Task ZPopMin_and_ZPopMax_return_entries_or_null()
    {
        var key = await AbcdAsync();
        Assert.That(await Client.ZPopMinAsync(key), Is.EqualTo(new SortedSetEntry("a", 1)));
        Assert.That(Pairs(await Client.ZPopMaxAsync(key, 2)), Is.EqualTo(new[] { ("d", 4.0), ("c", 3.0) }));
        Assert.That(Pairs(await Client.ZPopMinAsync(key, 5)), Is.EqualTo(new[] { ("b", 2.0) }));
        Assert.That(await Client.ZPopMaxAsync(key), Is.Null);
        Assert.That(await Client.ZPopMinAsync(key, 3), Is.Empty);
    }

    [Test]
    public async Task ZPopMin_and_ZPopMax_with_a_count_of_0_pop_nothing_as_lpop_does()
    {
        var key = await AbcdAsync();
        Assert.That(await Client.ZPopMinAsync(key, 0), Is.Empty);
        Assert.That(await Client.ZPopMaxAsync(key, 0), Is.Empty);
        Assert.That(await Client.ZCardAsync(key), Is.EqualTo(4));
        Assert.That(await Client.LPopAsync(TestClients.Key("list"), 0), Is.Empty, "the same rule as LPOP's");
    }

    [Test]
    public async Task ZMPop_pops_from_the_first_non_empty_key()
    {
        var empty = TestClients.Key("empty");
        var key = await AbcdAsync();
        var popped = await Client.ZMPopAsync([empty, key], SortedSetSide.Max, 2);
        Assert.That(popped!.Key, Is.EqualTo((RedisKey)key));
        Assert.That(Pairs(popped.Entries), Is.EqualTo(new[] { ("d", 4.0), ("c", 3.0) }));
        Assert.That(Pairs((await Client.ZMPopAsync([key], SortedSetSide.Min))!.Entries), Is.EqualTo(new[] { ("a", 1.0) }));
        Assert.That(await Client.ZMPopAsync([empty], SortedSetSide.Min), Is.Null);
    }

    [Test]
    public async Task ZRandMember_samples_members_and_scores()
    {
        var key = await AbcdAsync();
        var all = new[] { "a", "b", "c", "d" };
        Assert.That(all, Does.Contain((string?)await Client.ZRandMemberAsync(key)));
        Assert.That((await Client.ZRandMemberAsync(TestClients.Key("none"))).IsNull, Is.True);
        Assert.That(Text(await Client.ZRandMemberAsync(key, 10)), Is.EquivalentTo(all));
        Assert.That(await Client.ZRandMemberAsync(key, -6), Has.Length.EqualTo(6));
        var entries = await Client.ZRandMemberWithScoresAsync(key, 4);
        Assert.That(Pairs(entries).OrderBy(p => p.Item2), Is.EqualTo(new[] { ("a", 1.0), ("b", 2.0), ("c", 3.0), ("d", 4.0) }));
    }

    [Test]
    public async Task ZScan_visits_every_entry_across_pages()
    {
        var key = TestClients.Key("big");
        var entries = Enumerable.Range(0, 300).Select(i => new SortedSetEntry($"m{i}", i)).ToArray();
        await Client.ZAddAsync(key, entries);
        var seen = new Dictionary<string, double>();
        await foreach (var entry in Client.ZScanAsync(key, pageSize: 50))
        {
            seen[(string)entry.Member!] = entry.Score;
        }

        Assert.That(seen, Has.Count.EqualTo(300));
        Assert.That(seen["m299"], Is.EqualTo(299));
        var matched = new List<string>();
        await foreach (var entry in Client.ZScanAsync(key, "m29?"))
        {
            matched.Add((string)entry.Member!);
        }

        Assert.That(matched, Has.Count.EqualTo(10));
    }
}
