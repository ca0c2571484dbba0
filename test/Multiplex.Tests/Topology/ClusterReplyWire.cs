using System.Globalization;
using System.Text;
using Multiplex.Tests.Protocol;

namespace Multiplex.Tests.Topology;

/// <summary>
/// Writes cluster topology replies as RESP text, in the shape each protocol gives them: RESP3 maps, or
/// RESP2 arrays of alternating names and values. Recorded replies of a real server are read from
/// <c>Topology/Replies</c>.
/// </summary>
internal sealed record ClusterReplyWire(RedisProtocol Protocol)
{
    public static string Bulk(string? text) =>
        text is null ? "$-1\r\n" : string.Create(CultureInfo.InvariantCulture, $"${Encoding.UTF8.GetByteCount(text)}\r\n{text}\r\n");

    public static string Integer(long value) => string.Create(CultureInfo.InvariantCulture, $":{value}\r\n");

    public static string Array(params IEnumerable<string> elements)
    {
        var list = elements.ToList();
        return string.Create(CultureInfo.InvariantCulture, $"*{list.Count}\r\n{string.Concat(list)}");
    }

    /// <summary>A CLUSTER SLOTS node: host (null for the RESP2 null bulk), port, id.</summary>
    public static string SlotsNode(string? host, int port, string id = "id") => Array(Bulk(host), Integer(port), Bulk(id));

    /// <summary>A recorded reply, by file name in <c>Topology/Replies</c>.</summary>
    public static RedisResult Recorded(string name) =>
        Wire.Result(File.ReadAllText(Path.Combine(TestContext.CurrentContext.TestDirectory, "Topology", "Replies", name)));

    /// <summary>Named fields: a map under RESP3, a flat array under RESP2.</summary>
    public string Fields(params (string Name, string Value)[] fields)
    {
        var header = Protocol == RedisProtocol.Resp3 ? $"%{fields.Length}\r\n" : $"*{fields.Length * 2}\r\n";
        return header + string.Concat(fields.Select(field => Bulk(field.Name) + field.Value));
    }

    /// <summary>A CLUSTER SHARDS shard: its slot bounds (start, end, start, end…) and its nodes.</summary>
    public string Shard(int[] slots, params string[] nodes) =>
        Fields(("slots", Array(slots.Select(slot => Integer(slot)))), ("nodes", Array(nodes)));

    /// <summary>A CLUSTER SHARDS node with the fields Redis 7 sends; a null tls port is left out.</summary>
    public string Node(string endpoint, int port, string role = "master", string health = "online", int? tlsPort = null, string id = "id")
    {
        var fields = new List<(string, string)> { ("id", Bulk(id)), ("port", Integer(port)) };
        if (tlsPort is { } tls)
        {
            fields.Add(("tls-port", Integer(tls)));
        }

        fields.AddRange([("ip", Bulk("127.0.0.1")), ("endpoint", Bulk(endpoint)), ("role", Bulk(role)), ("replication-offset", Integer(0)), ("health", Bulk(health))]);
        return Fields([.. fields]);
    }

    /// <summary>A whole CLUSTER SHARDS reply parsed into a result.</summary>
    public RedisResult Shards(params string[] shards) => Wire.Result(Array(shards));
}
