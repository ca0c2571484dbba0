using Multiplex.IntegrationTests.Support;

namespace Multiplex.IntegrationTests.Commands.Sets;

[TestFixtureSource(typeof(ProtocolKinds), nameof(ProtocolKinds.Both))]
public sealed class SetTests(ServerKind kind) : ClientFixture(kind)
{
    [Test]
    public async Task Sadd_and_srem_report_what_changed_and_smembers_lists_the_set()
    {
        var key = TestClients.Key("s");
        Assert.That(await Client.SAddAsync(key, "a"), Is.True);
        Assert.That(await Client.SAddAsync(key, "a"), Is.False);
        Assert.That(await Client.SAddAsync(key, ["a", "b", "c", "d"]), Is.EqualTo(3));
        Assert.That(await Client.SRemAsync(key, "d"), Is.True);
        Assert.That(await Client.SRemAsync(key, "d"), Is.False);
        Assert.That(await Client.SRemAsync(key, ["c", "zz"]), Is.EqualTo(1));
        Assert.That((await Client.SMembersAsync(key)).AsSortedText(), Is.EqualTo(new[] { "a", "b" }));
        Assert.That(await Client.SMembersAsync(TestClients.Key("none")), Is.Empty);
    }

    [Test]
    public async Task Membership_and_cardinality_match_the_contents()
    {
        var key = await SetAsync("a", "b", "c");
        Assert.That(await Client.SIsMemberAsync(key, "b"), Is.True);
        Assert.That(await Client.SIsMemberAsync(key, "zz"), Is.False);
        Assert.That(await Client.SMIsMemberAsync(key, ["zz", "a", "c"]), Is.EqualTo(new[] { false, true, true }));
        Assert.That(await Client.SMIsMemberAsync(TestClients.Key("none"), ["a"]), Is.EqualTo(new[] { false }));
        Assert.That(await Client.SCardAsync(key), Is.EqualTo(3));
        Assert.That(await Client.SCardAsync(TestClients.Key("none")), Is.EqualTo(0));
    }

    [Test]
    public async Task Spop_removes_the_members_it_returns()
    {
        var key = await SetAsync("a", "b", "c", "d");
        var one = await Client.SPopAsync(key);
        Assert.That((string?)one, Is.AnyOf("a", "b", "c", "d"));
        var two = await Client.SPopAsync(key, 2);
        Assert.That(two, Has.Length.EqualTo(2).And.No.Member(one));
        var rest = await Client.SPopAsync(key, 10);
        Assert.That(new[] { one }.Concat(two).Concat(rest).AsSortedText(), Is.EqualTo(new[] { "a", "b", "c", "d" }));
        Assert.That((await Client.SPopAsync(key)).IsNull, Is.True);
        Assert.That(await Client.SPopAsync(key, 3), Is.Empty);
    }

    [Test]
    public async Task Srandmember_with_a_positive_count_is_distinct_and_a_negative_count_may_repeat()
    {
        var key = await SetAsync("a", "b", "c");
        Assert.That((string?)await Client.SRandMemberAsync(key), Is.AnyOf("a", "b", "c"));
        Assert.That((await Client.SRandMemberAsync(key, 2)).AsText(), Has.Length.EqualTo(2).And.Unique);
        Assert.That((await Client.SRandMemberAsync(key, 10)).AsSortedText(), Is.EqualTo(new[] { "a", "b", "c" }));
        var repeated = await Client.SRandMemberAsync(key, -10);
        Assert.That(repeated, Has.Length.EqualTo(10));
        Assert.That(repeated.AsText(), Is.All.AnyOf("a", "b", "c"));
        Assert.That(await Client.SCardAsync(key), Is.EqualTo(3));
        Assert.That((await Client.SRandMemberAsync(TestClients.Key("none"))).IsNull, Is.True);
        Assert.That(await Client.SRandMemberAsync(TestClients.Key("none"), -3), Is.Empty);
    }

    [Test]
    public async Task Smove_moves_a_member_that_is_there()
    {
        var source = await SetAsync("a", "b");
        var destination = await SetAsync("x");
        Assert.That(await Client.SMoveAsync(source, destination, "a"), Is.True);
        Assert.That(await Client.SMoveAsync(source, destination, "zz"), Is.False);
        Assert.That((await Client.SMembersAsync(source)).AsText(), Is.EqualTo(new[] { "b" }));
        Assert.That((await Client.SMembersAsync(destination)).AsSortedText(), Is.EqualTo(new[] { "a", "x" }));
    }

    [Test]
    public void Argument_errors_throw_before_sending()
    {
        var key = TestClients.Key("s");
        Assert.Throws<ArgumentException>(() => Client.SAddAsync(key, Array.Empty<RedisValue>()));
        Assert.Throws<ArgumentException>(() => Client.SAddAsync(key, RedisValue.Null));
        Assert.Throws<ArgumentException>(() => Client.SMIsMemberAsync(key, []));
        Assert.Throws<ArgumentOutOfRangeException>(() => Client.SPopAsync(key, -1));
        Assert.Throws<ArgumentException>(() => Client.SMoveAsync(key, default, "a"));
        Assert.Throws<ArgumentException>(() => Client.SScanAsync(default));
        Assert.Throws<ArgumentOutOfRangeException>(() => Client.SScanAsync(key, pageSize: -5));
    }

    [Test]
    public async Task A_set_command_on_a_string_is_a_wrongtype_error()
    {
        var key = TestClients.Key("str");
        await Client.SetAsync(key, "text");
        var error = Assert.ThrowsAsync<RedisServerException>(async () => await Client.SAddAsync(key, "a"));
        Assert.That(error!.Kind, Is.EqualTo(ServerErrorKind.WrongType));
        Assert.That(error.Command, Is.EqualTo("SADD"));
    }

    private async Task<string> SetAsync(params RedisValue[] members)
    {
        var key = TestClients.Key("s");
        await Client.SAddAsync(key, members);
        return key;
    }
}
