using System.Text;
using Multiplex.Caching;
using Multiplex.Commands;
using Multiplex.Connections;
using Multiplex.Tests.Protocol;

namespace Multiplex.Tests.Caching;

/// <summary>
/// A cache fill's read in opt-in tracking, fed reply frames as wire strings: it is written after
/// <c>CLIENT CACHING YES</c>, takes that reply first, and is stored only when the server said +OK to it
/// on the attempt that answered the read.
/// </summary>
public sealed class OptInTrackingTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    [Test]
    public void The_read_is_written_after_client_caching_yes_and_stays_at_the_head_until_its_ok()
    {
        var cache = new ClientCache(new ClientCacheOptions());
        var command = FillingGet(cache, "k");
        Assert.That(command.TryBeginWrite(), Is.True);

        var output = new System.Buffers.ArrayBufferWriter<byte>();
        command.WriteFrameTo(output);
        Assert.That(
            Encoding.ASCII.GetString(output.WrittenSpan),
            Is.EqualTo("*3\r\n$6\r\nCLIENT\r\n$7\r\nCACHING\r\n$3\r\nYES\r\n*2\r\n$3\r\nGET\r\n$1\r\nk\r\n"));
        Assert.That(command.TakesSeveralReplies, Is.True, "CLIENT CACHING's reply comes first");
        Assert.That(command.OnReply(Wire.Whole("+OK\r\n")), Is.False);
        Assert.That(command.TakesSeveralReplies, Is.False, "then the read's own, which takes it out of the queue");
        Assert.That(command.OnReply(Wire.Whole("$1\r\nv\r\n")), Is.True);

        Assert.That((string?)command.Task.AsTask().Result, Is.EqualTo("v"));
        Assert.That(TryGet(cache, Lookup("k"), ReplyParsers.Value, out var cached), Is.True);
        Assert.That((string?)cached, Is.EqualTo("v"));
    }

    [Test]
    public void A_read_whose_client_caching_was_refused_is_delivered_but_not_stored()
    {
        var cache = new ClientCache(new ClientCacheOptions());
        var command = FillingGet(cache, "k");
        Assert.That(command.TryBeginWrite(), Is.True);

        Assert.That(command.OnReply(Wire.Whole("-ERR CLIENT CACHING YES is only valid when tracking is enabled in OPTIN mode.\r\n")), Is.False);
        Assert.That(command.OnReply(Wire.Whole("$1\r\nv\r\n")), Is.True);

        Assert.That((string?)command.Task.AsTask().Result, Is.EqualTo("v"), "the caller still gets its value");
        Assert.That(TryGet(cache, Lookup("k"), ReplyParsers.Value, out _), Is.False, "no server would say when it changes");
        Assert.That(cache.Count, Is.Zero);
    }

    [Test]
    public void A_read_that_stopped_asking_for_caching_is_written_alone_and_not_stored_even_after_an_earlier_ok()
    {
        var cache = new ClientCache(new ClientCacheOptions());
        var command = FillingGet(cache, "k");
        Assert.That(command.TryBeginWrite(), Is.True);
        Assert.That(command.OnReply(Wire.Whole("+OK\r\n")), Is.False);

        // What a redirect does before the read goes elsewhere (an ASK puts ASKING in between).
        command.StopAskingCaching();
        var output = new System.Buffers.ArrayBufferWriter<byte>();
        command.WriteFrameTo(output);
        Assert.That(Encoding.ASCII.GetString(output.WrittenSpan), Is.EqualTo("*2\r\n$3\r\nGET\r\n$1\r\nk\r\n"));
        Assert.That(command.OnReply(Wire.Whole("$1\r\nv\r\n")), Is.True);

        Assert.That((string?)command.Task.AsTask().Result, Is.EqualTo("v"));
        Assert.That(cache.Count, Is.Zero, "the +OK was another attempt's");
    }

    [Test]
    public void A_read_written_again_waits_for_the_new_attempts_ok()
    {
        var cache = new ClientCache(new ClientCacheOptions());
        var command = FillingGet(cache, "k");
        Assert.That(command.TryBeginWrite(), Is.True);
        Assert.That(command.OnReply(Wire.Whole("+OK\r\n")), Is.False);

        // Its connection failed before the read's reply: written again, on a new connection.
        command.RevertWrite();
        Assert.That(command.TryBeginWrite(), Is.True);
        Assert.That(command.TakesSeveralReplies, Is.True, "the new attempt's CLIENT CACHING reply comes first again");
        Assert.That(command.OnReply(Wire.Whole("-ERR not now\r\n")), Is.False);
        Assert.That(command.OnReply(Wire.Whole("$1\r\nv\r\n")), Is.True);

        Assert.That(cache.Count, Is.Zero, "the first attempt's +OK does not count for the second");
    }

    [Test]
    public void In_broadcast_tracking_a_read_asks_for_nothing_and_is_stored()
    {
        var cache = new ClientCache(new ClientCacheOptions { KeyPrefixes = ["k"] });
        Assert.That(cache.TrackingCommand, Does.Contain("BCAST").And.Not.Contain("OPTIN"));
        var command = PendingCommand<RedisValue>.Rent(CommandTokens.Get, ReplyParsers.Value, Timeout);
        CommandEncoder.Write(command, CommandTokens.Get, (RedisKey)"k");
        var entry = cache.BeginFill(Lookup("k"), [Encoding.UTF8.GetBytes("k")], ReplyParsers.Value)!;
        command.Parser = new CacheFill<RedisValue>(cache, entry, ReplyParsers.Value);

        Assert.That(command.TryBeginWrite(), Is.True);
        Assert.That(command.AsksCaching, Is.False);
        Assert.That(command.TakesSeveralReplies, Is.False);
        Assert.That(command.OnReply(Wire.Whole("$1\r\nv\r\n")), Is.True);
        Assert.That(cache.Count, Is.EqualTo(1));
    }

    /// <summary>A GET filling <paramref name="cache"/> as <c>SendCached</c> sends it in opt-in tracking.</summary>
    private static PendingCommand<RedisValue> FillingGet(ClientCache cache, string key)
    {
        Assert.That(cache.OptIn, Is.True);
        Assert.That(cache.TrackingCommand, Is.EqualTo(new[] { "CLIENT", "TRACKING", "ON", "OPTIN" }));
        var command = PendingCommand<RedisValue>.Rent(CommandTokens.Get, ReplyParsers.Value, Timeout);
        CommandEncoder.Write(command, CommandTokens.Get, (RedisKey)key);
        var entry = cache.BeginFill(Lookup(key), [Encoding.UTF8.GetBytes(key)], ReplyParsers.Value)!;
        var fill = new CacheFill<RedisValue>(cache, entry, ReplyParsers.Value);
        command.Parser = fill;
        command.AskCaching(fill);
        return command;
    }

    // The lookup key of a GET: no view prefix (length 0), then the encoded command.
    private static byte[] Lookup(string key) =>
        [0, 0, 0, 0, .. Encoding.UTF8.GetBytes($"*2\r\n$3\r\nGET\r\n${key.Length}\r\n{key}\r\n")];

    // The cache is asked with the lookup key's hash, as the send path asks it.
    private static bool TryGet<T>(ClientCache cache, byte[] lookupKey, ReplyParser<T> parser, out T value) =>
        cache.TryGet(lookupKey, ByteArrayComparer.Hash(lookupKey), parser, out value);
}
