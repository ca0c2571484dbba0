using System.Globalization;

namespace Multiplex.Testing.Processes;

/// <summary>
/// One node's view of a cluster, parsed from CLUSTER NODES. Each line reads
/// <c>id ip:port@bus-port flags primary-id ping-sent pong-received config-epoch link-state slot…</c>,
/// where a slot entry is <c>n</c> or <c>first-last</c>, and on the node's own line also
/// <c>[n-&gt;-id]</c> (migrating to id) or <c>[n-&lt;-id]</c> (importing from id).
/// Spec: https://redis.io/docs/latest/commands/cluster-nodes/
/// </summary>
internal sealed class ClusterView
{
    private const string MigratingMarker = "->-";
    private const string ImportingMarker = "-<-";
    private const int SlotsField = 8;

    private ClusterView(IReadOnlyList<ClusterViewNode> nodes) => Nodes = nodes;

    /// <summary>Every node the viewer knows, itself included.</summary>
    public IReadOnlyList<ClusterViewNode> Nodes { get; }

    /// <summary>The viewer's own line.</summary>
    public ClusterViewNode Myself => Nodes.Single(node => node.IsMyself);

    /// <summary>The node with <paramref name="id"/>, or null when the viewer does not know it.</summary>
    public ClusterViewNode? Find(string id) => Nodes.FirstOrDefault(node => node.Id == id);

    /// <summary>Parses the text of a CLUSTER NODES reply.</summary>
    public static ClusterView Parse(string text) =>
        new([.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(ParseLine)]);

    /// <summary>The owner's id for each slot (null where no node serves it), indexed by slot.</summary>
    public string?[] SlotOwners()
    {
        var owners = new string?[RedisCluster.SlotCount];
        foreach (var node in Nodes.Where(node => node.IsPrimary))
        {
            foreach (var (first, last) in node.SlotRanges)
            {
                Array.Fill(owners, node.Id, first, last - first + 1);
            }
        }

        return owners;
    }

    private static ClusterViewNode ParseLine(string line)
    {
        var fields = line.Split(' ');
        if (fields.Length < SlotsField)
        {
            throw new InvalidOperationException($"Unexpected CLUSTER NODES line '{line}'.");
        }

        var ranges = new List<(int, int)>();
        var migrating = new Dictionary<int, string>();
        var importing = new Dictionary<int, string>();
        foreach (var entry in fields.Skip(SlotsField))
        {
            if (entry.StartsWith('['))
            {
                var inner = entry.Trim('[', ']');
                var (marker, target) = inner.Contains(MigratingMarker, StringComparison.Ordinal)
                    ? (MigratingMarker, migrating)
                    : (ImportingMarker, importing);
                var parts = inner.Split(marker);
                target[ParseSlot(parts[0])] = parts[1];
            }
            else
            {
                var dash = entry.IndexOf('-', StringComparison.Ordinal);
                ranges.Add(dash < 0
                    ? (ParseSlot(entry), ParseSlot(entry))
                    : (ParseSlot(entry[..dash]), ParseSlot(entry[(dash + 1)..])));
            }
        }

        return new ClusterViewNode(
            fields[0], fields[1], new HashSet<string>(fields[2].Split(','), StringComparer.Ordinal),
            fields[3] == "-" ? null : fields[3], fields[7], ranges, migrating, importing);
    }

    private static int ParseSlot(string text) => int.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture);
}
