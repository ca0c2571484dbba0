using System.Net;

namespace Multiplex.Topology.Cluster;

/// <summary>
/// Reads the parts of one node's reply to a cluster topology command, turning every unexpected shape
/// into a <see cref="RedisProtocolException"/> that names the command, the node and the part.
/// </summary>
internal sealed class ClusterReplyReader(string command, RedisEndpoint replyingNode)
{
    // What a node gives as its address when it has none of the preferred type
    // (cluster-preferred-endpoint-type hostname with no hostname announced).
    private const string UnknownEndpoint = "?";

    /// <summary>The node that sent the reply.</summary>
    public RedisEndpoint ReplyingNode { get; } = replyingNode;

    /// <summary>Throws the server's error when the whole reply is one (an unknown subcommand, cluster support disabled).</summary>
    public void ThrowIfError(RedisResult reply)
    {
        if (reply.IsError)
        {
            throw new RedisServerException(reply.ErrorMessage ?? string.Empty, command, ReplyingNode.ToString());
        }
    }

    /// <summary>The elements of an array (or set) reply.</summary>
    public IReadOnlyList<RedisResult> List(RedisResult reply, string what) =>
        !reply.IsNull && reply.Type is RedisResultType.Array or RedisResultType.Set
            ? reply.Elements
            : throw Malformed($"{what} is {Describe(reply)}, not an array");

    /// <summary>The named fields of a RESP3 map or of a RESP2 array of alternating names and values.</summary>
    public Dictionary<string, RedisResult> Fields(RedisResult reply, string what)
    {
        if (reply.IsNull || reply.Type is not (RedisResultType.Map or RedisResultType.Array) || reply.Count % 2 != 0)
        {
            throw Malformed($"{what} is {Describe(reply)}, not a map of names to values");
        }

        var fields = new Dictionary<string, RedisResult>(reply.Count / 2, StringComparer.Ordinal);
        for (var i = 0; i < reply.Count; i += 2)
        {
            var name = Text(reply[i], $"a field name of {what}") ?? throw Malformed($"a field name of {what} is null");
            fields[name] = reply[i + 1];
        }

        return fields;
    }

    /// <summary>The field <paramref name="name"/>, which must be there.</summary>
    public RedisResult Required(Dictionary<string, RedisResult> fields, string name, string what) =>
        fields.TryGetValue(name, out var value) ? value : throw Malformed($"{what} has no '{name}' field");

    /// <summary>A scalar as text; null for a null.</summary>
    public string? Text(RedisResult reply, string what) =>
        reply.IsAggregate || reply.IsError ? throw Malformed($"{what} is {Describe(reply)}, not text") : (string?)reply;

    /// <summary>An integer, sent as one or as a decimal string.</summary>
    public long Integer(RedisResult reply, string what) =>
        !reply.IsAggregate && !reply.IsError && !reply.IsNull && reply.Value.TryParse(out long value)
            ? value
            : throw Malformed($"{what} is {Describe(reply)}, not an integer");

    /// <summary>A slot range from its two bounds, both within the cluster's slots.</summary>
    public SlotRange Range(RedisResult start, RedisResult end, string what)
    {
        var first = Integer(start, $"the start of {what}");
        var last = Integer(end, $"the end of {what}");
        return first >= 0 && first <= last && last < HashSlot.Count
            ? new SlotRange((int)first, (int)last)
            : throw Malformed($"{what} is {first} to {last}, not a range within 0 to {HashSlot.Count - 1}");
    }

    /// <summary>
    /// The endpoint of a node: <paramref name="host"/>, or the replying node's host when the reply gives
    /// none (null, empty or <c>?</c>: the cluster specification's "same address the command was sent to").
    /// </summary>
    public RedisEndpoint Endpoint(string? host, long port, string what)
    {
        if (port is < 1 or > IPEndPoint.MaxPort)
        {
            throw Malformed($"{what} has port {port}, not one from 1 to {IPEndPoint.MaxPort}");
        }

        if (string.IsNullOrEmpty(host) || host == UnknownEndpoint)
        {
            host = ReplyingNode.Host ?? throw Malformed($"{what} has no address of its own, and the reply came over a unix socket whose host cannot stand in");
        }

        try
        {
            return RedisEndpoint.Tcp(host, (int)port);
        }
        catch (ArgumentException)
        {
            throw Malformed($"{what} has address '{host}', which is not a host name or IP address");
        }
    }

    /// <summary>Builds the map, reporting overlapping ranges as a malformed reply.</summary>
    public SlotMap Map(IReadOnlyList<ClusterShard> shards)
    {
        try
        {
            return new SlotMap(shards);
        }
        catch (ArgumentException exception)
        {
            throw Malformed(exception.Message);
        }
    }

    /// <summary>The exception for a reply that does not have the expected shape.</summary>
    public RedisProtocolException Malformed(string what) =>
        new($"The {command} reply from {ReplyingNode} is malformed: {what}.");

    private static string Describe(RedisResult reply) =>
        reply.IsNull ? "null" : reply.IsAggregate ? $"of type {reply.Type} with {reply.Count} elements" : $"of type {reply.Type}";
}
