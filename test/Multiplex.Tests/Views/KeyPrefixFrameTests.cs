using System.Text;

namespace Multiplex.Tests.Views;

/// <summary>
/// What a key-prefix view sends, as wire strings: the keys its commands' key specifications find, the
/// patterns of KEYS, SCAN and SORT, and (by option) channels get the prefix; nothing else changes.
/// </summary>
public sealed class KeyPrefixFrameTests
{
    [Test]
    public void A_single_key_gets_the_prefix()
    {
        var recording = new RecordingTopology();
        _ = recording.Client.WithKeyPrefix("tenant:42:").GetAsync("user:1");
        Assert.That(recording.LastFrame, Is.EqualTo(Wire("GET", "tenant:42:user:1")));
    }

    [Test]
    public void A_key_whose_length_gains_a_digit_gets_a_longer_length_header()
    {
        var recording = new RecordingTopology();
        _ = recording.Client.WithKeyPrefix("p:").SetAsync("12345678", "v");
        Assert.That(recording.LastFrame, Is.EqualTo(Wire("SET", "p:12345678", "v")));
    }

    [Test]
    public void Multi_key_commands_prefix_every_key_and_no_value()
    {
        var recording = new RecordingTopology();
        var view = recording.Client.WithKeyPrefix("t:");

        _ = view.MSetAsync([new("a", "a"), new("b", "b")]);
        Assert.That(recording.LastFrame, Is.EqualTo(Wire("MSET", "t:a", "a", "t:b", "b")));

        _ = view.RenameAsync("old", "new");
        Assert.That(recording.LastFrame, Is.EqualTo(Wire("RENAME", "t:old", "t:new")));

        _ = view.ZUnionStoreAsync("dest", ["x", "y"], [1, 2]);
        Assert.That(recording.LastFrame, Is.EqualTo(Wire("ZUNIONSTORE", "t:dest", "2", "t:x", "t:y", "WEIGHTS", "1", "2")));

        _ = view.LMPopAsync(["l1", "l2"], ListSide.Left, 3);
        Assert.That(recording.LastFrame, Is.EqualTo(Wire("LMPOP", "2", "t:l1", "t:l2", "LEFT", "COUNT", "3")));

        _ = view.XReadAsync([new StreamPosition("s1", "0"), new StreamPosition("s2", "$")], count: 5);
        Assert.That(recording.LastFrame, Is.EqualTo(Wire("XREAD", "COUNT", "5", "STREAMS", "t:s1", "t:s2", "0", "$")));
    }

    [Test]
    public void Scripts_prefix_their_keys_and_not_their_arguments()
    {
        var recording = new RecordingTopology();
        var view = recording.Client.WithKeyPrefix("t:");

        _ = view.EvalAsync("return 1", ["k1", "k2"], ["k1"]);
        Assert.That(recording.LastFrame, Is.EqualTo(Wire("EVAL", "return 1", "2", "t:k1", "t:k2", "k1")));

        _ = view.FCallAsync("f", ["k"], ["a"]);
        Assert.That(recording.LastFrame, Is.EqualTo(Wire("FCALL", "f", "1", "t:k", "a")));
    }

    [Test]
    public void A_command_of_more_arguments_than_fit_on_the_stack_is_rewritten_too()
    {
        var recording = new RecordingTopology();
        var keys = Enumerable.Range(0, 40).Select(i => (RedisKey)$"k{i}").ToArray();
        _ = recording.Client.WithKeyPrefix("t:").DelAsync(keys);
        Assert.That(recording.LastFrame, Is.EqualTo(Wire(["DEL", .. keys.Select(key => "t:" + key)])));
    }

    [Test]
    public void A_large_value_is_kept_whole()
    {
        var recording = new RecordingTopology();
        var value = new byte[5 * 1024 * 1024];
        Random.Shared.NextBytes(value);
        _ = recording.Client.WithKeyPrefix("t:").SetAsync("big", value);

        var expected = Encoding.UTF8.GetBytes($"*3\r\n$3\r\nSET\r\n$5\r\nt:big\r\n${value.Length}\r\n").Concat(value).Concat("\r\n"u8.ToArray()).ToArray();
        Assert.That(recording.LastEncoded, Is.EqualTo(expected));
    }

    [Test]
    public void Scan_without_a_pattern_gets_one_that_matches_the_prefix_only()
    {
        var recording = new RecordingTopology();
        _ = recording.Client.WithKeyPrefix("t:").ScanAsync(pageSize: 100).GetAsyncEnumerator().MoveNextAsync();
        Assert.That(recording.LastFrame, Is.EqualTo(Wire("SCAN", "0", "COUNT", "100", "MATCH", "t:*")));
    }

    [Test]
    public void Scan_and_keys_patterns_start_with_the_prefix_with_its_glob_characters_escaped()
    {
        var recording = new RecordingTopology();
        var view = recording.Client.WithKeyPrefix("a*b?[c]\\:");

        _ = view.ScanAsync("user:*", type: RedisType.String).GetAsyncEnumerator().MoveNextAsync();
        Assert.That(recording.LastFrame, Is.EqualTo(Wire("SCAN", "0", "MATCH", "a\\*b\\?\\[c\\]\\\\:user:*", "TYPE", "string")));

        _ = view.KeysAsync("*");
        Assert.That(recording.LastFrame, Is.EqualTo(Wire("KEYS", "a\\*b\\?\\[c\\]\\\\:*")));
    }

    [Test]
    public void Sort_prefixes_its_by_and_get_patterns_but_not_get_hash()
    {
        var recording = new RecordingTopology();
        var options = new SortOptions { By = "weight_*", Offset = 0, Count = 10, Get = ["#", "object_*->name"], Alpha = true };
        _ = recording.Client.WithKeyPrefix("t:").SortAndStoreAsync("list", "sorted", options);
        Assert.That(recording.LastFrame, Is.EqualTo(Wire(
            "SORT", "t:list", "BY", "t:weight_*", "LIMIT", "0", "10", "GET", "#", "GET", "t:object_*->name", "ALPHA", "STORE", "t:sorted")));
    }

    [Test]
    public void Sort_with_a_pattern_is_refused_when_the_prefix_holds_a_star()
    {
        var recording = new RecordingTopology();
        var error = Assert.Throws<NotSupportedException>(() => _ = recording.Client.WithKeyPrefix("a*:").SortAsync("k", new SortOptions { By = "w_*" }));
        Assert.That(error!.Message, Does.Contain("SORT").And.Contain("'*'"));
    }

    [Test]
    public void Execute_prefixes_the_keys_of_a_command_with_a_typed_method()
    {
        var recording = new RecordingTopology();
        var view = recording.Client.WithKeyPrefix("t:");

        _ = view.ExecuteAsync("set", ["k", "v"]);
        Assert.That(recording.LastFrame, Is.EqualTo(Wire("set", "t:k", "v")));

        _ = view.ExecuteAsync("OBJECT", ["ENCODING", "k"]);
        Assert.That(recording.LastFrame, Is.EqualTo(Wire("OBJECT", "ENCODING", "t:k")));
    }

    [TestCase("RANDOMKEY")]
    [TestCase("DBSIZE")]
    [TestCase("FLUSHDB")]
    [TestCase("FLUSHALL")]
    public void Commands_that_reach_keys_they_do_not_name_are_refused_with_their_name(string command)
    {
        var recording = new RecordingTopology();
        var view = recording.Client.WithKeyPrefix("t:");
        Func<Task> call = command switch
        {
            "RANDOMKEY" => async () => await view.RandomKeyAsync(),
            "DBSIZE" => async () => await view.DbSizeAsync(),
            "FLUSHDB" => async () => await view.FlushDbAsync(),
            _ => async () => await view.FlushAllAsync(),
        };

        var error = Assert.ThrowsAsync<NotSupportedException>(() => call());
        Assert.That(error!.Message, Does.StartWith($"{command} cannot run through a key-prefix view ('t:')"));
        Assert.That(recording.SentCount, Is.Zero, "nothing is sent");
    }

    [Test]
    public void Execute_of_a_command_whose_keys_are_unknown_is_refused()
    {
        var recording = new RecordingTopology();
        var error = Assert.Throws<NotSupportedException>(() => _ = recording.Client.WithKeyPrefix("t:").ExecuteAsync("MIGRATE", ["h", "1", "k", "0", "5"]));
        Assert.That(error!.Message, Does.StartWith("MIGRATE cannot run through a key-prefix view").And.Contain("does not know where its keys are"));

        _ = recording.Client.ExecuteAsync("MIGRATE", ["h", "1", "k", "0", "5"]);
        Assert.That(recording.LastFrame, Is.EqualTo(Wire("MIGRATE", "h", "1", "k", "0", "5")), "the client itself sends it");
    }

    [Test]
    public void Channels_are_sent_as_given_unless_the_view_prefixes_them()
    {
        var recording = new RecordingTopology();
        var keysOnly = recording.Client.WithKeyPrefix("t:");
        var channels = recording.Client.WithKeyPrefix("t:", new KeyPrefixOptions { PrefixChannels = true });

        _ = keysOnly.PublishAsync("news", "m");
        Assert.That(recording.LastFrame, Is.EqualTo(Wire("PUBLISH", "news", "m")));
        _ = keysOnly.SPublishAsync("news", "m");
        Assert.That(recording.LastFrame, Is.EqualTo(Wire("SPUBLISH", "news", "m")), "a shard channel is routed like a key but is not one");

        _ = channels.PublishAsync("news", "m");
        Assert.That(recording.LastFrame, Is.EqualTo(Wire("PUBLISH", "t:news", "m")));
        _ = channels.SPublishAsync("news", "m");
        Assert.That(recording.LastFrame, Is.EqualTo(Wire("SPUBLISH", "t:news", "m")));
        _ = channels.PubSubNumSubAsync(["a", "b"]);
        Assert.That(recording.LastFrame, Is.EqualTo(Wire("PUBSUB", "NUMSUB", "t:a", "t:b")));
        _ = channels.PubSubChannelsAsync();
        Assert.That(recording.LastFrame, Is.EqualTo(Wire("PUBSUB", "CHANNELS", "t:*")));
        _ = channels.PubSubShardChannelsAsync("n*");
        Assert.That(recording.LastFrame, Is.EqualTo(Wire("PUBSUB", "SHARDCHANNELS", "t:n*")));
    }

    [Test]
    public void Nested_views_put_the_outer_prefix_first_and_channels_follow_each_level_s_option()
    {
        var recording = new RecordingTopology();
        var inner = recording.Client
            .WithKeyPrefix("app:", new KeyPrefixOptions { PrefixChannels = true })
            .WithKeyPrefix("tenant:");

        Assert.That(inner.KeyPrefix.ToString(), Is.EqualTo("app:tenant:"));
        _ = inner.GetAsync("k");
        Assert.That(recording.LastFrame, Is.EqualTo(Wire("GET", "app:tenant:k")));
        _ = inner.PublishAsync("c", "m");
        Assert.That(recording.LastFrame, Is.EqualTo(Wire("PUBLISH", "app:c", "m")));
    }

    [Test]
    public void An_empty_prefix_is_the_client_itself_and_a_null_one_is_refused()
    {
        var client = new RecordingTopology().Client;
        Assert.That(client.WithKeyPrefix(""), Is.SameAs(client));
        Assert.That(client.WithKeyPrefix(Array.Empty<byte>()), Is.SameAs(client));
        Assert.That(client.KeyPrefix.ToString(), Is.Empty);
        Assert.Throws<ArgumentException>(() => client.WithKeyPrefix(default(RedisKey)));
    }

    [Test]
    public void Batches_and_transactions_made_from_a_view_prefix_their_commands()
    {
        var recording = new RecordingTopology();
        var view = recording.Client.WithKeyPrefix("t:");

        var batch = view.CreateBatch();
        _ = batch.Commands.IncrAsync("counter");
        _ = batch.ExecuteAsync();
        Assert.That(recording.LastFrame, Is.EqualTo(Wire("INCR", "t:counter")));

        var transaction = view.CreateTransaction();
        _ = transaction.Commands.SetAsync("a", "1");
        _ = transaction.ExecuteAsync();
        Assert.That(recording.LastFrame, Is.EqualTo(Wire("MULTI") + Wire("SET", "t:a", "1") + Wire("EXEC")));
    }

    [Test]
    public void The_client_itself_sends_keys_as_given()
    {
        var recording = new RecordingTopology();
        _ = recording.Client.WithKeyPrefix("t:");
        _ = recording.Client.GetAsync("k");
        Assert.That(recording.LastFrame, Is.EqualTo(Wire("GET", "k")));
    }

    /// <summary>A command as the typed methods encode it: an array of bulk strings.</summary>
    internal static string Wire(params string[] arguments)
    {
        var text = new StringBuilder($"*{arguments.Length}\r\n");
        foreach (var argument in arguments)
        {
            text.Append($"${Encoding.UTF8.GetByteCount(argument)}\r\n{argument}\r\n");
        }

        return text.ToString();
    }
}
