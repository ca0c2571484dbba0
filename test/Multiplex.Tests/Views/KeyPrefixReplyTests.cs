namespace Multiplex.Tests.Views;

/// <summary>Keys (and, by option, channels) that replies name come back through a key-prefix view without its prefix.</summary>
public sealed class KeyPrefixReplyTests
{
    [Test]
    public async Task Scan_returns_keys_without_the_prefix()
    {
        var recording = new RecordingTopology();
        await using var keys = recording.Client.WithKeyPrefix("t:").ScanAsync().GetAsyncEnumerator();
        var next = keys.MoveNextAsync();
        recording.Reply("*2\r\n$1\r\n0\r\n*2\r\n$6\r\nt:user\r\n$5\r\nt:abc\r\n");

        Assert.That(await next, Is.True);
        Assert.That(keys.Current.ToString(), Is.EqualTo("user"));
        Assert.That(await keys.MoveNextAsync(), Is.True);
        Assert.That(keys.Current.ToString(), Is.EqualTo("abc"));
        Assert.That(await keys.MoveNextAsync(), Is.False);
    }

    [Test]
    public async Task Keys_returns_keys_without_the_prefix_and_the_client_itself_as_sent()
    {
        var recording = new RecordingTopology();
        var viewed = recording.Client.WithKeyPrefix("t:").KeysAsync("*");
        recording.Reply("*1\r\n$3\r\nt:a\r\n");
        var direct = recording.Client.KeysAsync("*");
        recording.Reply("*1\r\n$3\r\nt:a\r\n");

        Assert.That((await viewed).Select(key => key.ToString()), Is.EqualTo(new[] { "a" }));
        Assert.That((await direct).Select(key => key.ToString()), Is.EqualTo(new[] { "t:a" }));
    }

    [Test]
    public async Task A_pop_names_its_list_or_sorted_set_without_the_prefix()
    {
        var recording = new RecordingTopology();
        var view = recording.Client.WithKeyPrefix("t:");

        var list = view.LMPopAsync(["l1", "l2"], ListSide.Left);
        recording.Reply("*2\r\n$4\r\nt:l2\r\n*1\r\n$1\r\na\r\n");
        var popped = await list;
        Assert.That(popped!.Key.ToString(), Is.EqualTo("l2"));
        Assert.That(popped.Values, Is.EqualTo(new RedisValue[] { "a" }));

        var sortedSet = view.ZMPopAsync(["z"], SortedSetSide.Min);
        recording.Reply("*2\r\n$3\r\nt:z\r\n*1\r\n*2\r\n$1\r\nm\r\n$1\r\n1\r\n");
        Assert.That((await sortedSet)!.Key.ToString(), Is.EqualTo("z"));

        var none = view.LMPopAsync(["l1"], ListSide.Left);
        recording.Reply("*-1\r\n");
        Assert.That(await none, Is.Null);
    }

    [Test]
    public async Task Xread_names_its_streams_without_the_prefix()
    {
        var recording = new RecordingTopology();
        var read = recording.Client.WithKeyPrefix("t:").XReadAsync([new StreamPosition("s1", "0")]);
        recording.Reply("*1\r\n*2\r\n$4\r\nt:s1\r\n*1\r\n*2\r\n$3\r\n1-0\r\n*2\r\n$1\r\nf\r\n$1\r\nv\r\n");

        var results = await read;
        Assert.That(results.Select(result => result.Key.ToString()), Is.EqualTo(new[] { "s1" }));
        Assert.That(results[0].Entries[0].Id, Is.EqualTo("1-0"));
    }

    [Test]
    public async Task Pubsub_replies_name_channels_without_the_prefix_when_the_view_prefixes_channels()
    {
        var recording = new RecordingTopology();
        var view = recording.Client.WithKeyPrefix("t:", new KeyPrefixOptions { PrefixChannels = true });

        var channels = view.PubSubChannelsAsync();
        recording.Reply("*1\r\n$6\r\nt:news\r\n");
        Assert.That(await channels, Is.EqualTo(new RedisValue[] { "news" }));

        var counts = view.PubSubNumSubAsync(["news"]);
        recording.Reply("*2\r\n$6\r\nt:news\r\n:3\r\n");
        Assert.That(await counts, Is.EqualTo(new Dictionary<RedisValue, long> { ["news"] = 3 }));

        var unprefixed = recording.Client.WithKeyPrefix("t:").PubSubChannelsAsync();
        recording.Reply("*1\r\n$6\r\nt:news\r\n");
        Assert.That(await unprefixed, Is.EqualTo(new RedisValue[] { "t:news" }), "channels are not the view's unless it prefixes them");
    }

    [Test]
    public async Task Values_that_look_like_prefixed_keys_are_left_alone()
    {
        var recording = new RecordingTopology();
        var get = recording.Client.WithKeyPrefix("t:").GetAsync("k");
        recording.Reply("$3\r\nt:v\r\n");
        Assert.That((string?)await get, Is.EqualTo("t:v"));
    }
}
