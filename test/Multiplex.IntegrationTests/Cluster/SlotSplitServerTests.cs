using System.Buffers;
using System.Globalization;
using Multiplex.Commands.Strings;
using Multiplex.Protocol;
using Multiplex.Testing;
using Multiplex.Topology.Cluster;

namespace Multiplex.IntegrationTests.Cluster;

[Category("Cluster")]
public sealed class SlotSplitServerTests : ServerTestBase
{
    private const int KeyCount = 100;

    [Test]
    public async Task Split_puts_each_key_in_the_slot_cluster_keyslot_gives_it()
    {
        var cluster = await SharedServers.ClusterAsync();
        var node = cluster.Primaries[0];
        await using var connection = await RawRespConnection.ConnectAsync(node.Host, node.Port);
        var keys = Keys();
        var frame = Frame(keys);

        var parts = SlotSplit.Split(StringTokens.MGet, frame);

        var checkedKeys = 0;
        foreach (var part in parts)
        {
            foreach (var index in part.KeyIndexes)
            {
                var reply = await connection.CommandAsync(["CLUSTER", "KEYSLOT", keys[index]]);
                Assert.That(reply, Is.EqualTo(":" + part.Slot.ToString(CultureInfo.InvariantCulture)), keys[index]);
                checkedKeys++;
            }
        }

        Assert.That(checkedKeys, Is.EqualTo(KeyCount));
        Assert.That(parts, Has.Length.GreaterThan(KeyCount / 2));
    }

    /// <summary>Plain keys, keys sharing hash tags, and keys whose braces make no tag (empty, unclosed, reversed).</summary>
    private static string[] Keys()
    {
        string[] shapes = ["key:{0}", "{{user}}:{0}", "{{cart:{1}}}.{0}", "{{}}{0}", "{{{0}", "}}{0}{{", "a{{b}}{{c}}{0}", "é-{0}", "{{{1}}}{{x}}{0}"];
        var keys = new string[KeyCount];
        for (var i = 0; i < keys.Length; i++)
        {
            keys[i] = string.Format(CultureInfo.InvariantCulture, shapes[i % shapes.Length], i, i % 7);
        }

        return keys;
    }

    /// <summary>MGET of the keys, encoded as the typed method encodes it.</summary>
    private static byte[] Frame(string[] keys)
    {
        var writer = new ArrayBufferWriter<byte>();
        RespWriter.WriteArrayHeader(writer, StringTokens.MGet.NameLength + keys.Length);
        StringTokens.MGet.WriteName(writer);
        foreach (var key in keys)
        {
            RespWriter.WriteBulkString(writer, key);
        }

        return writer.WrittenSpan.ToArray();
    }
}
